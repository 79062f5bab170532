import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '@/components/ui/dialog';
import { useVoiceSettings, type VoiceSettings } from '../settings';
import { voice } from '../voice';

type Change = Partial<Omit<VoiceSettings, 'update'>>;

/** PANEL-3: devices, volumes, a microphone test, and relay-only for privacy. */
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
        <MicrophoneTest open={open} />
        <Slider
          label={t('voice.outputVolume')}
          value={settings.outputVolume}
          max={1}
          onChange={(outputVolume) => change({ outputVolume })}
        />
        <label className="flex items-start gap-3">
          <input
            type="checkbox"
            className="mt-1 accent-pink-500"
            checked={settings.relayOnly}
            onChange={(event) => change({ relayOnly: event.target.checked })}
          />
          <span>
            <span className="text-white">{t('voice.relayOnly')}</span>
            <span className="block text-xs text-muted">{t('voice.relayOnlyHint')}</span>
          </span>
        </label>
      </div>
    </Dialog>
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

function Slider({
  label,
  value,
  max,
  onChange,
}: {
  label: string;
  value: number;
  max: number;
  onChange: (value: number) => void;
}) {
  return (
    <label className="flex flex-col gap-1.5">
      <span className="flex justify-between text-xs font-medium text-muted">
        {label}
        <span className="tabular-nums text-zinc-300">{Math.round(value * 100)}%</span>
      </span>
      <input
        type="range"
        min={0}
        max={max}
        step={0.05}
        value={value}
        onChange={(event) => onChange(Number(event.target.value))}
        className="accent-pink-500"
      />
    </label>
  );
}

/** A level meter of the microphone as peers hear it (after the input volume). */
function MicrophoneTest({ open }: { open: boolean }) {
  const { t } = useTranslation();
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    let frame = 0;
    const draw = () => {
      // −60 dBFS and below is empty, 0 dBFS is full.
      const fill = Math.min(1, Math.max(0, (voice.level() + 60) / 60));
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
      <div className="h-2 overflow-hidden rounded-full bg-raised">
        <div ref={bar} data-testid="mic-level" className="h-full w-0 rounded-full bg-gradient-to-r from-emerald-400 to-primary transition-[width] duration-75" />
      </div>
      <span className="text-xs text-muted">{t('voice.micTestHint')}</span>
    </div>
  );
}
