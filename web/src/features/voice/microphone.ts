// VOICE-1, PANEL-3: the microphone and what is sent from it. The captured stream goes through a gain
// node (input volume) into a MediaStreamDestination whose track is what every peer connection sends,
// so input volume really changes what peers hear (a gain node beside the sent path would change
// nothing), and switching microphones needs no renegotiation: the sent track stays the same.

import { levelDb } from './speaking-detector';

/** Why there is no microphone: refused by the user or the browser, absent, or unusable. */
export type MicrophoneProblem = 'denied' | 'missing' | 'unavailable';

export const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
  sampleRate: 48_000,
  channelCount: 1,
};

export class Microphone {
  readonly context = new AudioContext({ sampleRate: 48_000, latencyHint: 'interactive' });
  private readonly gain = this.context.createGain();
  private readonly analyser = this.context.createAnalyser();
  private readonly destination = this.context.createMediaStreamDestination();
  private readonly samples: Float32Array<ArrayBuffer>;
  private source: MediaStreamAudioSourceNode | null = null;
  private captured: MediaStream | null = null;

  constructor(inputVolume: number) {
    this.destination.channelCount = 1;
    this.analyser.fftSize = 1024;
    this.samples = new Float32Array(this.analyser.fftSize);
    this.gain.gain.value = inputVolume;
    this.gain.connect(this.destination);
    this.gain.connect(this.analyser);
  }

  /** The stream peers receive (silence until a microphone is open). */
  get stream(): MediaStream {
    return this.destination.stream;
  }

  get track(): MediaStreamTrack {
    const [track] = this.destination.stream.getAudioTracks();
    if (!track) throw new Error('a MediaStreamDestination always has an audio track');
    return track;
  }

  /** Opens (or switches to) a microphone; resolves with the problem when there is none. */
  async open(deviceId: string): Promise<MicrophoneProblem | null> {
    if (!navigator.mediaDevices?.getUserMedia) return 'unavailable';
    let captured: MediaStream;
    try {
      const device = deviceId ? { deviceId: { exact: deviceId } } : {};
      captured = await navigator.mediaDevices.getUserMedia({ audio: { ...MICROPHONE_CONSTRAINTS, ...device } });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : '';
      if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
      if (name === 'NotFoundError' || name === 'OverconstrainedError') {
        // A remembered microphone that is gone: fall back to the default one.
        return deviceId ? this.open('') : 'missing';
      }
      return 'unavailable';
    }
    if (this.context.state === 'closed') {
      for (const track of captured.getTracks()) track.stop();
      return null;
    }
    this.release();
    this.captured = captured;
    this.source = this.context.createMediaStreamSource(captured);
    this.source.connect(this.gain);
    void this.context.resume();
    return null;
  }

  setVolume(volume: number) {
    this.gain.gain.value = volume;
  }

  /** Sends silence while muted; the level meter keeps working. */
  setMuted(muted: boolean) {
    this.track.enabled = !muted;
  }

  /** The level after the input volume, in dBFS. */
  level(): number {
    this.analyser.getFloatTimeDomainData(this.samples);
    return levelDb(this.samples);
  }

  private release() {
    this.source?.disconnect();
    for (const track of this.captured?.getTracks() ?? []) track.stop();
    this.source = null;
    this.captured = null;
  }

  /** Stops the microphone (its light goes off) and the audio graph. */
  close() {
    this.release();
    this.track.stop();
    void this.context.close();
  }
}
