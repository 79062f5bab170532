import { useTranslation } from 'react-i18next';
import { Dialog } from '@/components/ui/dialog';
import { VoiceSettingsPanel } from './voice-settings-panel';

/** The voice settings over the room, without leaving it. */
export function VoiceSettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} title={t('voice.settings')}>
      <VoiceSettingsPanel shown={open} />
    </Dialog>
  );
}
