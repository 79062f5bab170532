import { SlidersHorizontal, VolumeX } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '@/components/ui/dialog';
import type { ConnectionQuality } from '../connection-quality';
import { useVoiceSettings } from '../settings';
import { useVoice, voice } from '../voice';
import { Slider } from './slider';

/** VOICE-9, VOICE-11, VOICE-13 beside one other person in the room: how the connection to them is,
 * and a menu with their volume for me, "mute for me" and the safety code of our call (through the
 * server, the room's: VOICE-15). */
export function ParticipantVoice({ userId, name }: { userId: number; name: string }) {
  const { t } = useTranslation();
  const quality = useVoice((s) => s.quality[userId]);
  const code = useVoice((s) => s.safetyCodes[userId]);
  const connected = useVoice((s) => s.peers[userId] !== undefined);
  const forwarded = useVoice((s) => s.voiceMode === 'sfu');
  const roomCode = useVoice((s) => (typeof s.encryption === 'object' ? s.encryption?.code : undefined));
  const keyChanged = useVoice((s) => typeof s.encryption === 'object' && s.encryption?.changed.includes(userId) === true);
  const volume = useVoiceSettings((s) => s.peerVolumes[userId] ?? 1);
  const mutedForMe = useVoiceSettings((s) => s.peerMuted[userId] ?? false);
  const [open, setOpen] = useState(false);
  if (!connected) return null;

  return (
    <div className="flex items-center gap-1.5">
      {mutedForMe && <VolumeX className="h-3.5 w-3.5 text-red-400" aria-label={t('voice.mutedForMe')} />}
      {quality && <QualityBars quality={quality} />}
      <button
        type="button"
        aria-label={t('voice.personMenu', { name })}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        className="rounded-lg p-1 text-muted hover:bg-raised hover:text-white"
      >
        <SlidersHorizontal className="h-3.5 w-3.5" />
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t('voice.personMenu', { name })}>
        <div className="text-sm">
          <Slider label={t('voice.personVolume')} value={volume} max={2} onChange={(value) => voice.setPeerVolume(userId, value)} />
          <label className="mt-3 flex items-center gap-2">
            <input type="checkbox" className="accent-pink-500" checked={mutedForMe} onChange={(event) => voice.setPeerMuted(userId, event.target.checked)} />
            <span className="text-white">{t('voice.muteForMe')}</span>
          </label>
          <div className="mt-3 border-t border-line pt-3">
            <p className="text-xs font-medium text-muted">{forwarded ? t('voice.roomSafetyCode') : t('voice.safetyCode')}</p>
            <p data-testid="safety-code" className="mt-1 font-mono text-lg tracking-wider text-white">
              {(forwarded ? roomCode : code) ?? '…'}
            </p>
            <p data-testid={forwarded ? 'forwarded-hint' : undefined} className="mt-1 text-[11px] leading-snug text-muted">
              {forwarded ? t('voice.roomCodeHint') : t('voice.safetyCodeHint', { name })}
            </p>
            {keyChanged && (
              <p role="alert" data-testid="person-key-changed" className="mt-2 text-[11px] leading-snug text-amber-200">
                {t('voice.keyChangedFor', { name })}
              </p>
            )}
          </div>
        </div>
      </Dialog>
    </div>
  );
}

/** Four bars, fewer when the connection is worse; the numbers on hover. */
function QualityBars({ quality }: { quality: ConnectionQuality }) {
  const { t } = useTranslation();
  const details = [
    quality.rttMs === null ? null : t('voice.quality.rtt', { ms: quality.rttMs }),
    t('voice.quality.loss', { percent: quality.lossPercent }),
    t('voice.quality.jitter', { ms: quality.jitterMs }),
    quality.relayed ? t('voice.quality.relayed', { protocol: quality.relayed.toUpperCase() }) : t('voice.quality.direct'),
  ]
    .filter(Boolean)
    .join(' · ');
  const colour = quality.bars >= 3 ? 'bg-emerald-400' : quality.bars === 2 ? 'bg-amber-400' : 'bg-red-400';
  return (
    <span
      data-testid="connection-quality"
      data-bars={quality.bars}
      data-relayed={quality.relayed ?? ''}
      title={details}
      aria-label={`${t('voice.quality.label')}: ${details}`}
      role="img"
      className="flex items-end gap-px"
    >
      {quality.relayed && <span className="mr-1 text-[10px] uppercase text-muted">{t('voice.quality.relayShort')}</span>}
      {[1, 2, 3, 4].map((bar) => (
        <span key={bar} className={`w-[3px] rounded-sm ${bar <= quality.bars ? colour : 'bg-line'}`} style={{ height: `${3 + bar * 2}px` }} />
      ))}
    </span>
  );
}
