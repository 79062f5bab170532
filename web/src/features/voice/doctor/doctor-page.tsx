import { Stethoscope } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '@/components/ui/dialog';
import { Doctor } from './doctor';

/** `/voice/doctor`: the doctor as a page of its own (a link to give someone who cannot connect). */
export function DoctorPage() {
  const { t } = useTranslation();
  return (
    <main className="mx-auto flex w-full max-w-2xl flex-col gap-4 p-6">
      <h1 className="flex items-center gap-3 text-xl font-semibold text-white">
        <Stethoscope className="h-6 w-6 text-primary" aria-hidden="true" />
        {t('doctor.title')}
      </h1>
      <Doctor onBack={() => history.back()} />
    </main>
  );
}

/** The doctor over the page, so a call goes on while it runs (from the voice panel and settings). */
export function DoctorDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} title={t('doctor.title')}>
      {open && <Doctor onBack={onClose} />}
    </Dialog>
  );
}
