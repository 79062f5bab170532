import { Headphones, HeadphoneOff, Mic, MicOff, MonitorUp, MonitorX, PhoneOff, Settings2, Video, VideoOff, Volume2 } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { DoctorDialog } from '../doctor/doctor-page';
import { keyLabel } from '../push-to-talk';
import { useVoiceSettings } from '../settings';
import { useVoice, voice } from '../voice';
import { VoiceSettingsDialog } from './voice-settings-dialog';

/** VOICE-1: the room's voice. Outside it, how many are in it and "Join voice" (for those who may);
 * inside, PANEL-1…4, VOICE-8, VOICE-12: the controls, how voice is doing, the push-to-talk key, and
 * the way to the connection doctor when something is wrong. */
export function VoicePanel({ canJoin, inVoiceCount }: { canJoin: boolean; inVoiceCount: number }) {
  const { t } = useTranslation();
  const inVoice = useVoice((s) => s.inVoice);
  if (!inVoice) {
    return (
      <section aria-label={t('voice.panel')} className="rounded-2xl border border-line bg-raised/60 p-3">
        <p className="flex items-center gap-2 text-xs text-muted" data-testid="voice-status">
          <Volume2 className="h-3.5 w-3.5" aria-hidden="true" />
          {inVoiceCount > 0 ? t('voice.othersIn', { count: inVoiceCount }) : t('voice.nobodyIn')}
        </p>
        {canJoin && (
          <Button className="mt-3 w-full" onClick={() => voice.joinVoice()} data-testid="join-voice">
            <Volume2 className="h-4 w-4" />
            {t('voice.join')}
          </Button>
        )}
      </section>
    );
  }
  return <VoiceControls />;
}

/** VOICE-14, VOICE-15: through the server, and encrypted end to end: the room's safety code to compare. */
function RoomEncryptionLine() {
  const { t } = useTranslation();
  const encryption = useVoice((s) => s.encryption);
  if (encryption === 'unsupported') {
    return (
      <p role="alert" data-testid="encryption-unsupported" className="mt-2 rounded-xl bg-amber-500/10 p-2 text-xs text-amber-200">
        {t('voice.encryptionUnsupported')}
      </p>
    );
  }
  return (
    <div className="mt-1 text-[11px] text-muted">
      <p data-testid="voice-mode">{t('voice.throughServerEncrypted')}</p>
      {encryption && (
        <p title={t('voice.roomCodeHint')}>
          {t('voice.roomCode', { count: encryption.people })}{' '}
          <span data-testid="room-safety-code" data-people={encryption.people} className="font-mono tracking-wider text-white">
            {encryption.code}
          </span>
        </p>
      )}
      {encryption && encryption.changed.length > 0 && (
        <p role="alert" data-testid="key-changed" className="mt-1 rounded-xl bg-amber-500/10 p-2 text-xs text-amber-200">
          {t('voice.keyChanged')}
        </p>
      )}
    </div>
  );
}

function VoiceControls() {
  const { t } = useTranslation();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [doctorOpen, setDoctorOpen] = useState(false);
  const muted = useVoice((s) => s.muted);
  const deafened = useVoice((s) => s.deafened);
  const problem = useVoice((s) => s.microphoneProblem);
  const elsewhere = useVoice((s) => s.elsewhere);
  const transmitting = useVoice((s) => s.transmitting);
  const pushToTalk = useVoiceSettings((s) => s.pushToTalk);
  const pushToTalkKey = useVoiceSettings((s) => s.pushToTalkKey);
  const peers = Object.values(useVoice((s) => s.peers));
  const forwarded = useVoice((s) => s.voiceMode === 'sfu');
  const connected = peers.filter((p) => p === 'connected').length;
  const waiting = peers.length - connected;

  const status = elsewhere
    ? t('voice.elsewhere')
    : peers.length === 0
      ? t('voice.alone')
      : waiting > 0
        ? t('voice.connecting', { count: waiting })
        : t('voice.connected', { count: connected });

  return (
    <section aria-label={t('voice.panel')} className="rounded-2xl border border-line bg-raised/60 p-3">
      <p className="flex items-center gap-2 text-xs text-muted" data-testid="voice-status">
        <span className={`h-2 w-2 rounded-full ${waiting > 0 ? 'animate-pulse bg-amber-400' : 'bg-emerald-400'}`} />
        {status}
      </p>
      {forwarded && !elsewhere && <RoomEncryptionLine />}
      {pushToTalk && !elsewhere && (
        <p data-testid="push-to-talk-hint" data-talking={transmitting} className={`mt-1 text-xs ${transmitting ? 'text-emerald-300' : 'text-muted'}`}>
          {transmitting ? t('voice.talking') : t('voice.holdToTalk', { key: keyLabel(pushToTalkKey) })}
        </p>
      )}
      {(waiting > 0 || problem) && !elsewhere && (
        <button type="button" onClick={() => setDoctorOpen(true)} className="mt-1 block text-left text-xs text-primary hover:underline">
          {t('doctor.trouble')}
        </button>
      )}
      {problem && (
        <div role="alert" data-testid="microphone-problem" className="mt-2 rounded-xl bg-amber-500/10 p-2 text-xs text-amber-200">
          {t(`voice.problem.${problem}`)}
          {problem === 'denied' && (
            <button type="button" className="ml-1 underline" onClick={() => void voice.openMicrophone()}>
              {t('voice.tryAgain')}
            </button>
          )}
        </div>
      )}
      <VideoProblems />
      <div className={`mt-3 grid grid-cols-3 gap-2 ${elsewhere ? 'hidden' : ''}`}>
        <ToggleButton
          label={muted ? t('voice.unmute') : t('voice.mute')}
          pressed={muted}
          onClick={() => void voice.toggleMute()}
          disabled={problem !== null}
        >
          {muted ? <MicOff className="h-4 w-4" /> : <Mic className="h-4 w-4" />}
        </ToggleButton>
        <ToggleButton
          label={deafened ? t('voice.undeafen') : t('voice.deafen')}
          pressed={deafened}
          onClick={() => void voice.toggleDeafen()}
        >
          {deafened ? <HeadphoneOff className="h-4 w-4" /> : <Headphones className="h-4 w-4" />}
        </ToggleButton>
        <CameraButton />
        <ShareButton />
        <Button variant="secondary" aria-label={t('voice.settings')} title={t('voice.settings')} className="px-0" onClick={() => setSettingsOpen(true)}>
          <Settings2 className="h-4 w-4" />
        </Button>
        <Button variant="danger" aria-label={t('voice.leave')} title={t('voice.leave')} className="px-0" onClick={() => voice.leaveVoice()}>
          <PhoneOff className="h-4 w-4" />
        </Button>
      </div>
      <VoiceSettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      <DoctorDialog open={doctorOpen} onClose={() => setDoctorOpen(false)} />
    </section>
  );
}

/** VIDEO-1: the camera on or off. */
function CameraButton() {
  const { t } = useTranslation();
  const on = useVoice((s) => s.camera !== null);
  return (
    <Button
      variant="secondary"
      aria-label={on ? t('video.cameraOff') : t('video.cameraOn')}
      title={on ? t('video.cameraOff') : t('video.cameraOn')}
      aria-pressed={on}
      className={`px-0 ${on ? 'border-primary/50 bg-primary/20 text-white' : ''}`}
      onClick={() => void voice.toggleCamera()}
    >
      {on ? <Video className="h-4 w-4" /> : <VideoOff className="h-4 w-4" />}
    </Button>
  );
}

/** VIDEO-2: share a screen, a window or a tab, sharp for text or smooth for motion; or stop sharing. */
function ShareButton() {
  const { t } = useTranslation();
  const sharing = useVoice((s) => s.share !== null);
  const [choosing, setChoosing] = useState(false);
  if (sharing) {
    return (
      <Button variant="secondary" aria-label={t('video.stopShare')} title={t('video.stopShare')} className="border-primary/50 bg-primary/20 px-0 text-white" onClick={() => void voice.stopShare()}>
        <MonitorX className="h-4 w-4" />
      </Button>
    );
  }
  return (
    <div className="relative">
      <Button
        variant="secondary"
        aria-label={t('video.share')}
        title={t('video.share')}
        aria-expanded={choosing}
        aria-haspopup="menu"
        className="w-full px-0"
        onClick={() => setChoosing((open) => !open)}
      >
        <MonitorUp className="h-4 w-4" />
      </Button>
      {choosing && (
        <div role="menu" aria-label={t('video.quality')} className="absolute bottom-full right-0 z-20 mb-2 w-56 rounded-xl border border-line bg-raised p-1 shadow-xl">
          {(['text', 'motion'] as const).map((quality) => (
            <button
              key={quality}
              type="button"
              role="menuitem"
              className="block w-full rounded-lg px-3 py-2 text-left text-sm text-white hover:bg-surface"
              onClick={() => {
                setChoosing(false);
                void voice.startShare(quality);
              }}
            >
              {t(`video.${quality}`)}
              <span className="block text-xs text-muted">{t(`video.${quality}Hint`)}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Why the camera did not turn on, or that the room has as much video as it holds (VIDEO-4). */
function VideoProblems() {
  const { t } = useTranslation();
  const problem = useVoice((s) => s.cameraProblem);
  const limit = useVoice((s) => s.videoLimit);
  if (!problem && !limit) return null;
  return (
    <div role="alert" data-testid="video-problem" className="mt-2 rounded-xl bg-amber-500/10 p-2 text-xs text-amber-200">
      {limit ? t(`video.limit.${limit}`) : t(`video.problem.${problem}`)}
      {limit && (
        <button type="button" className="ml-1 underline" onClick={() => voice.dismissVideoLimit()}>
          {t('video.dismiss')}
        </button>
      )}
    </div>
  );
}

function ToggleButton({
  label,
  pressed,
  ...props
}: { label: string; pressed: boolean } & Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, 'aria-pressed'>) {
  return (
    <Button
      variant="secondary"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      className={`px-0 ${pressed ? 'border-red-500/40 bg-red-500/15 text-red-300 hover:bg-red-500/25' : ''}`}
      {...props}
    />
  );
}
