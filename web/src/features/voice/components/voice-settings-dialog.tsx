import { Stethoscope } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Dialog } from '@/components/ui/dialog';
import { keyLabel } from '../push-to-talk';
import { useVoiceSettings, type VoiceSettings } from '../settings';
import { voice } from '../voice';
import { Slider } from './slider';

type Change = Partial<Omit<VoiceSettings, 'update'>>;

/** PANEL-3, VOICE-8, VOICE-10, VOICE-12: devices, volumes, how audio is sent (voice activity with
 * its sensitivity, or push-to-talk), noise suppression, relay-only, and the way to the doctor. */
export function VoiceSettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const settings = useVoiceSettings();
  const devices = useDevices(open);
  const change = (next: Change) => {
    settings.update(next);
    voice.applySettings(next);
  };
  const canChooseSpeaker = 'setSinkId' in HTMLMediaElement.prototype;

  return (
    <Dialog open={open} onClose={onClose} title={t('voice.settings')}>
      <div className="flex flex-col gap-5 text-sm">
        <DeviceSelect
          label={t('voice.microphone')}
          devices={devices.filter((d) => d.kind === 'audioinput')}
          value={settings.microphoneId}
          onChange={(microphoneId) => change({ microphoneId })}
        />
        {canChooseSpeaker && (
          <DeviceSelect
            label={t('voice.speaker')}
            devices={devices.filter((d) => d.kind === 'audiooutput')}
            value={settings.speakerId}
            onChange={(speakerId) => change({ speakerId })}
          />
        )}
        <Slider
          label={t('voice.inputVolume')}
          value={settings.inputVolume}
          max={2}
          onChange={(inputVolume) => change({ inputVolume })}
        />
        <InputMode settings={settings} change={change} />
        <MicrophoneTest open={open} sensitivityDb={settings.sensitivityDb} onSensitivity={(sensitivityDb) => change({ sensitivityDb })} />
        <Checkbox
          label={t('voice.noiseSuppression')}
          hint={t('voice.noiseSuppressionHint')}
          checked={settings.noiseSuppression}
          onChange={(noiseSuppression) => change({ noiseSuppression })}
        />
        <Slider
          label={t('voice.outputVolume')}
          value={settings.outputVolume}
          max={1}
          onChange={(outputVolume) => change({ outputVolume })}
        />
        <Checkbox
          label={t('voice.relayOnly')}
          hint={t('voice.relayOnlyHint')}
          checked={settings.relayOnly}
          onChange={(relayOnly) => change({ relayOnly })}
        />
        <Link to="/voice/doctor" onClick={onClose} className="flex items-center gap-2 text-primary hover:underline">
          <Stethoscope className="h-4 w-4" />
          {t('doctor.open')}
        </Link>
      </div>
    </Dialog>
  );
}

function Checkbox({ label, hint, checked, onChange }: { label: string; hint: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-start gap-3">
      <input type="checkbox" className="mt-1 accent-pink-500" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>
        <span className="text-white">{label}</span>
        <span className="block text-xs text-muted">{hint}</span>
      </span>
    </label>
  );
}

/** VOICE-8: voice activity or push-to-talk, and the push-to-talk key (press it to choose it). */
function InputMode({ settings, change }: { settings: VoiceSettings; change: (next: Change) => void }) {
  const { t } = useTranslation();
  const [choosing, setChoosing] = useState(false);
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1.5 text-xs font-medium text-muted">{t('voice.inputMode')}</legend>
      <label className="flex items-center gap-2">
        <input type="radio" name="input-mode" className="accent-pink-500" checked={!settings.pushToTalk} onChange={() => change({ pushToTalk: false })} />
        <span className="text-white">{t('voice.voiceActivity')}</span>
      </label>
      <label className="flex items-center gap-2">
        <input type="radio" name="input-mode" className="accent-pink-500" checked={settings.pushToTalk} onChange={() => change({ pushToTalk: true })} />
        <span className="text-white">{t('voice.pushToTalk')}</span>
      </label>
      {settings.pushToTalk && (
        <div className="flex items-center gap-2 pl-6 text-xs text-muted">
          {t('voice.pushToTalkKey')}
          <button
            type="button"
            data-testid="push-to-talk-key"
            className={`rounded-lg border px-2 py-1 font-mono text-white ${choosing ? 'border-primary' : 'border-line'}`}
            onClick={() => setChoosing(true)}
            onBlur={() => setChoosing(false)}
            onKeyDown={(event) => {
              if (!choosing) return;
              event.preventDefault();
              // The press that chooses the key is no press to talk: the new key's listener (on the
              // window, added as this runs) would hear this very event.
              event.stopPropagation();
              // Escape keeps the key that was there; Tab moves on, as it does everywhere.
              if (event.code !== 'Escape' && event.code !== 'Tab') change({ pushToTalkKey: event.code });
              setChoosing(false);
            }}
          >
            {choosing ? t('voice.pressAKey') : keyLabel(settings.pushToTalkKey)}
          </button>
        </div>
      )}
    </fieldset>
  );
}

/** Audio devices; their names appear once the microphone was allowed. */
function useDevices(open: boolean) {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    if (!open || !navigator.mediaDevices?.enumerateDevices) return;
    const refresh = () => void navigator.mediaDevices.enumerateDevices().then(setDevices, () => setDevices([]));
    refresh();
    navigator.mediaDevices.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices.removeEventListener('devicechange', refresh);
  }, [open]);
  return devices;
}

function DeviceSelect({
  label,
  devices,
  value,
  onChange,
}: {
  label: string;
  devices: MediaDeviceInfo[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <label className="flex flex-col gap-1.5">
      <span className="text-xs font-medium text-muted">{label}</span>
      <select
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="rounded-xl border border-line bg-raised px-3 py-2 text-white outline-none focus:border-primary"
      >
        <option value="">{t('voice.systemDefault')}</option>
        {devices
          .filter((d) => d.deviceId && d.deviceId !== 'default')
          .map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || `${label} ${index + 1}`}
            </option>
          ))}
      </select>
    </label>
  );
}


/** −80 dBFS and below is the left end of the meter, 0 dBFS the right end. */
const METER_FLOOR_DB = -80;
const fillOf = (db: number) => Math.min(1, Math.max(0, (db - METER_FLOOR_DB) / -METER_FLOOR_DB));

/** A level meter of the microphone as peers hear it (after noise suppression and the input volume),
 * with the sensitivity on it (VOICE-8): above the mark you count as speaking and are sent. */
function MicrophoneTest({ open, sensitivityDb, onSensitivity }: { open: boolean; sensitivityDb: number; onSensitivity: (db: number) => void }) {
  const { t } = useTranslation();
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    let frame = 0;
    const draw = () => {
      const fill = fillOf(voice.level());
      if (bar.current) {
        bar.current.style.width = `${Math.round(fill * 100)}%`;
        bar.current.dataset.level = fill.toFixed(2);
      }
      frame = requestAnimationFrame(draw);
    };
    draw();
    return () => cancelAnimationFrame(frame);
  }, [open]);
  return (
    <div className="flex flex-col gap-1.5">
      <span className="text-xs font-medium text-muted">{t('voice.micTest')}</span>
      <div className="relative h-2 overflow-hidden rounded-full bg-raised">
        <div ref={bar} data-testid="mic-level" className="h-full w-0 rounded-full bg-gradient-to-r from-emerald-400 to-primary transition-[width] duration-75" />
        <div className="absolute inset-y-0 w-0.5 bg-white" style={{ left: `${fillOf(sensitivityDb) * 100}%` }} />
      </div>
      <label className="flex items-center gap-2 text-xs text-muted">
        <span className="shrink-0">{t('voice.sensitivity')}</span>
        <input
          type="range"
          min={METER_FLOOR_DB}
          max={0}
          step={1}
          value={sensitivityDb}
          onChange={(event) => onSensitivity(Number(event.target.value))}
          className="w-full accent-pink-500"
        />
        <span className="w-14 shrink-0 text-right tabular-nums text-zinc-300">{sensitivityDb} dB</span>
      </label>
      <span className="text-xs text-muted">{t('voice.micTestHint')}</span>
    </div>
  );
}
