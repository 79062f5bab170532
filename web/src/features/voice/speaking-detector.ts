// VOICE-5: "speaking" from the microphone level, with hysteresis so it does not flicker: it starts
// only after the level stays above a high threshold for a moment, and stops only after it has stayed
// below a lower one for longer (speech has short gaps between words).

export interface SpeakingThresholds {
  /** Level (dBFS) above which speech may start. */
  startDb: number;
  /** Level (dBFS) below which speech may stop; lower than `startDb`. */
  stopDb: number;
  /** How long the level must stay above `startDb` before speaking starts. */
  attackMs: number;
  /** How long the level must stay below `stopDb` before speaking stops. */
  releaseMs: number;
}

export const DEFAULT_THRESHOLDS: SpeakingThresholds = { startDb: -45, stopDb: -55, attackMs: 60, releaseMs: 500 };

/** VOICE-8: the thresholds for a sensitivity (the start level); speech stops 10 dB below it. */
export const thresholdsFor = (sensitivityDb: number): SpeakingThresholds => ({
  ...DEFAULT_THRESHOLDS,
  startDb: sensitivityDb,
  stopDb: sensitivityDb - 10,
});

/** VOICE-8: when audio is sent — the same levels, open on the first reading above them. */
export const gateThresholds = (sensitivityDb: number): SpeakingThresholds => ({ ...thresholdsFor(sensitivityDb), attackMs: 0 });

export class SpeakingDetector {
  private speaking = false;
  /** Since when the level has been on the other side of the threshold that would change the state. */
  private crossedAt: number | null = null;

  constructor(private thresholds: SpeakingThresholds = DEFAULT_THRESHOLDS) {}

  setThresholds(thresholds: SpeakingThresholds) {
    this.thresholds = thresholds;
  }

  get isSpeaking() {
    return this.speaking;
  }

  /** Feeds one level reading; returns the new state when it changed, `null` otherwise. */
  update(levelDb: number, now: number): boolean | null {
    const { startDb, stopDb, attackMs, releaseMs } = this.thresholds;
    const pushing = this.speaking ? levelDb < stopDb : levelDb > startDb;
    if (!pushing) {
      this.crossedAt = null;
      return null;
    }
    this.crossedAt ??= now;
    if (now - this.crossedAt < (this.speaking ? releaseMs : attackMs)) return null;
    this.speaking = !this.speaking;
    this.crossedAt = null;
    return this.speaking;
  }

  /** Forces silence (muted, left): returns `false` when that is a change. */
  reset(): boolean | null {
    this.crossedAt = null;
    if (!this.speaking) return null;
    this.speaking = false;
    return false;
  }
}

/** Root-mean-square level of time-domain samples in dBFS (−100 for silence). */
export function levelDb(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return rms > 0 ? Math.max(-100, 20 * Math.log10(rms)) : -100;
}
