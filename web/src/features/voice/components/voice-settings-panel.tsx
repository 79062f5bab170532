import { Stethoscope } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/button';
import { DoctorDialog } from '../doctor/doctor-page';
import { Microphone, type MicrophoneProblem } from '../microphone';
import { keyLabel } from '../push-to-talk';
import { useVoiceSettings, type VoiceSettings } from '../settings';
import { openCamera, stopStream, type CameraProblem } from '../video/local-media';
import { useVoice, voice } from '../voice';
import { Slider } from './slider';
import { StreamVideo } from './video-tile';

type Change = Partial<Omit<VoiceSettings, 'update'>>;

/** PANEL-3, VOICE-8, VOICE-10, VOICE-12, VIDEO-1: devices (the camera with a preview), volumes, how audio is sent (voice activity with
 * its sensitivity, or push-to-talk), noise suppression, relay-only, and the doctor (over the page, so
 * a call goes on): in a room's dialog and on the settings screen. `shown` while it is on screen (devices are listed and the
 * meter drawn only then). */
export function VoiceSettingsPanel({ shown }: { shown: boolean }) {
  const { t } = useTranslation();
  const settings = useVoiceSettings();
  const devices = useDevices(shown);
  const change = (next: Change) => {
    settings.update(next);
    voice.applySettings(next);
  };
  const canChooseSpeaker = 'setSinkId' in HTMLMediaElement.prototype;
  const [doctor, setDoctor] = useState(false);

  return (
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
      <CameraSetting shown={shown} cameraId={settings.cameraId} devices={devices.filter((d) => d.kind === 'videoinput')} onChange={(cameraId) => change({ cameraId })} />
      <Slider label={t('voice.inputVolume')} value={settings.inputVolume} max={2} onChange={(inputVolume) => change({ inputVolume })} />
      <InputMode settings={settings} change={change} />
      <MicrophoneTest shown={shown} settings={settings} onSensitivity={(sensitivityDb) => change({ sensitivityDb })} />
      <Checkbox
        label={t('voice.noiseSuppression')}
        hint={t('voice.noiseSuppressionHint')}
        checked={settings.noiseSuppression}
        onChange={(noiseSuppression) => change({ noiseSuppression })}
      />
      <Slider label={t('voice.outputVolume')} value={settings.outputVolume} max={2} onChange={(outputVolume) => change({ outputVolume })} />
      <Checkbox
        label={t('voice.relayOnly')}
        hint={t('voice.relayOnlyHint')}
        checked={settings.relayOnly}
        onChange={(relayOnly) => change({ relayOnly })}
      />
      <button type="button" onClick={() => setDoctor(true)} className="flex items-center gap-2 self-start text-primary hover:underline">
        <Stethoscope className="h-4 w-4" />
        {t('doctor.open')}
      </button>
      <DoctorDialog open={doctor} onClose={() => setDoctor(false)} />
    </div>
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

/** VIDEO-1: which camera, with a preview that opens it only when asked (and closes with the settings);
 * while the camera is on in a room, the preview is what the others see. */
function CameraSetting({ shown, cameraId, devices, onChange }: { shown: boolean; cameraId: string; devices: MediaDeviceInfo[]; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const inRoom = useVoice((s) => s.camera);
  const [previewing, setPreviewing] = useState(false);
  const [preview, setPreview] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<CameraProblem | null>(null);
  useEffect(() => {
    if (!shown || !previewing || inRoom) return;
    let stream: MediaStream | null = null;
    let gone = false;
    void openCamera(cameraId).then((opened) => {
      if (typeof opened === 'string') return setProblem(opened);
      if (gone) return stopStream(opened);
      stream = opened;
      setProblem(null);
      setPreview(opened);
    });
    return () => {
      gone = true;
      stopStream(stream);
      setPreview(null);
    };
  }, [shown, previewing, inRoom, cameraId]);
  const showing = inRoom ?? preview;
  return (
    <div className="flex flex-col gap-2">
      <DeviceSelect label={t('video.camera')} devices={devices} value={cameraId} onChange={onChange} />
      {!inRoom && (
        <Button variant="secondary" className="self-start px-3 py-1 text-xs" aria-pressed={previewing} onClick={() => setPreviewing((on) => !on)}>
          {t('video.preview')}
        </Button>
      )}
      {problem && !inRoom && <p role="alert" className="text-xs text-amber-200">{t(`video.problem.${problem}`)}</p>}
      {showing && (
        <figure className="aspect-video w-full overflow-hidden rounded-xl" data-testid="camera-preview">
          <StreamVideo stream={showing} mirrored label={t('video.preview')} />
          <figcaption className="sr-only">{t('video.previewHint')}</figcaption>
        </figure>
      )}
    </div>
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
 * with the sensitivity on it (VOICE-8): above the mark you count as speaking and are sent. In voice it
 * shows the microphone in use; outside, the microphone opens only when the test is started (the
 * microphone is live only by choice) and closes when it is stopped or the settings close. */
function MicrophoneTest({
  shown,
  settings,
  onSensitivity,
}: {
  shown: boolean;
  settings: VoiceSettings;
  onSensitivity: (db: number) => void;
}) {
  const { t } = useTranslation();
  const bar = useRef<HTMLDivElement>(null);
  const inVoice = useVoice((state) => state.roomId !== null);
  const [testing, setTesting] = useState(false);
  const [problem, setProblem] = useState<MicrophoneProblem | null>(null);
  const { microphoneId, inputVolume, noiseSuppression, sensitivityDb } = settings;
  const test = useOwnMicrophone(shown && testing && !inVoice, microphoneId, setProblem);
  useEffect(() => test.current?.setVolume(inputVolume), [test, inputVolume]);
  useEffect(() => void test.current?.setNoiseSuppression(noiseSuppression), [test, noiseSuppression]);
  const measuring = shown && (inVoice || testing);
  useEffect(() => {
    if (!measuring) return;
    let frame = 0;
    const draw = () => {
      const fill = fillOf(inVoice ? voice.level() : (test.current?.level() ?? -100));
      if (bar.current) {
        bar.current.style.width = `${Math.round(fill * 100)}%`;
        bar.current.dataset.level = fill.toFixed(2);
      }
      frame = requestAnimationFrame(draw);
    };
    draw();
    return () => cancelAnimationFrame(frame);
  }, [measuring, inVoice, test]);
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium text-muted">{t('voice.micTest')}</span>
        {!inVoice && (
          <Button variant="secondary" data-testid="mic-test" aria-pressed={testing} onClick={() => setTesting((on) => !on)}>
            {t(testing ? 'voice.micTestStop' : 'voice.micTestStart')}
          </Button>
        )}
      </div>
      <div className="relative h-2 overflow-hidden rounded-full bg-raised">
        <div ref={bar} data-testid="mic-level" className="h-full w-0 rounded-full bg-gradient-to-r from-emerald-400 to-primary transition-[width] duration-75" />
        <div className="absolute inset-y-0 w-0.5 bg-white" style={{ left: `${fillOf(sensitivityDb) * 100}%` }} />
      </div>
      {problem && testing && (
        <p role="alert" className="text-xs text-red-400">
          {t(`voice.micTestProblem.${problem}`)}
        </p>
      )}
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
        <span className="w-16 shrink-0 text-right tabular-nums text-zinc-300">{t('voice.decibels', { value: sensitivityDb })}</span>
      </label>
      <span className="text-xs text-muted">{t('voice.micTestHint')}</span>
    </div>
  );
}

/** A microphone of the test's own while `on` (outside voice), closed when it goes off. */
function useOwnMicrophone(on: boolean, deviceId: string, onProblem: (problem: MicrophoneProblem | null) => void) {
  const microphone = useRef<Microphone | null>(null);
  useEffect(() => {
    if (!on) return;
    const { inputVolume, noiseSuppression } = useVoiceSettings.getState();
    const opened = new Microphone(inputVolume);
    microphone.current = opened;
    void opened.setNoiseSuppression(noiseSuppression);
    void opened.open(deviceId).then(onProblem);
    return () => {
      microphone.current = null;
      opened.close();
    };
  }, [on, deviceId, onProblem]);
  return microphone;
}
