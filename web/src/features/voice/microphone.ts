// VOICE-1, VOICE-10, PANEL-3: the microphone and what is sent from it. The captured stream goes
// through RNNoise (when noise suppression is on) and a gain node (input volume) into a
// MediaStreamDestination whose track is what every peer connection sends, so both really change what
// peers hear, and switching microphones needs no renegotiation: the sent track stays the same.

import { RnnoiseWorkletNode, loadRnnoise } from '@sapphi-red/web-noise-suppressor';
import rnnoiseWasmUrl from '@sapphi-red/web-noise-suppressor/rnnoise.wasm?url';
import rnnoiseSimdWasmUrl from '@sapphi-red/web-noise-suppressor/rnnoise_simd.wasm?url';
import rnnoiseWorkletUrl from '@sapphi-red/web-noise-suppressor/rnnoiseWorklet.js?url';
import { levelDb } from './speaking-detector';

/** RNNoise's WebAssembly, fetched from our own server (it is part of the build) once per tab. */
let rnnoiseBinary: Promise<ArrayBuffer> | null = null;

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
  /** RNNoise, made the first time noise suppression is on; `null` also when it cannot run here. */
  private denoiser: Promise<AudioNode | null> | null = null;
  private suppressNoise = false;

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
    await this.route();
    void this.context.resume();
    return null;
  }

  /** VOICE-10: RNNoise on or off, at once (the browser's own suppression stays on beside it). */
  async setNoiseSuppression(on: boolean) {
    this.suppressNoise = on;
    await this.route();
  }

  /** Connects the source to the gain directly or through RNNoise, as the setting says. */
  private async route() {
    const source = this.source;
    const denoiser = this.suppressNoise ? await this.makeDenoiser() : null;
    if (!source || source !== this.source) return;
    source.disconnect();
    if (denoiser) {
      denoiser.disconnect();
      source.connect(denoiser).connect(this.gain);
    } else {
      source.connect(this.gain);
    }
  }

  private makeDenoiser(): Promise<AudioNode | null> {
    this.denoiser ??= (async () => {
      try {
        rnnoiseBinary ??= loadRnnoise({ url: rnnoiseWasmUrl, simdUrl: rnnoiseSimdWasmUrl });
        const [wasmBinary] = await Promise.all([rnnoiseBinary, this.context.audioWorklet.addModule(rnnoiseWorkletUrl)]);
        return new RnnoiseWorkletNode(this.context, { wasmBinary, maxChannels: 1 });
      } catch (error) {
        // Without AudioWorklet or WebAssembly the browser's own suppression is what there is.
        console.warn('voice: noise suppression unavailable', error);
        return null;
      }
    })();
    return this.denoiser;
  }

  setVolume(volume: number) {
    this.gain.gain.value = volume;
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
