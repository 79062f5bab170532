import { describe, expect, it } from 'vitest';
import { gateThresholds, levelDb, SpeakingDetector, thresholdsFor } from './speaking-detector';

/** Feeds `levels` one every 20 ms from `start`; returns the changes with their times. */
function run(detector: SpeakingDetector, levels: number[], start = 0) {
  const changes: [number, boolean][] = [];
  levels.forEach((level, i) => {
    const change = detector.update(level, start + i * 20);
    if (change !== null) changes.push([start + i * 20, change]);
  });
  return changes;
}

const loud = (n: number) => Array<number>(n).fill(-20);
const quiet = (n: number) => Array<number>(n).fill(-70);
const between = (n: number) => Array<number>(n).fill(-50);

describe('SpeakingDetector', () => {
  it('starts after the level stays above the start threshold for the attack time', () => {
    const detector = new SpeakingDetector();
    expect(run(detector, [...quiet(5), ...loud(5)])).toEqual([[160, true]]);
    expect(detector.isSpeaking).toBe(true);
  });

  it('ignores a single click or pop shorter than the attack time', () => {
    expect(run(new SpeakingDetector(), [...quiet(5), -10, ...quiet(5), -10, -10, ...quiet(10)])).toEqual([]);
  });

  it('keeps speaking through short gaps between words and stops after the release time', () => {
    const detector = new SpeakingDetector();
    const speech = [...loud(10), ...quiet(10), ...loud(10), ...quiet(10), ...loud(5)];
    expect(run(detector, speech)).toEqual([[60, true]]);
    expect(run(detector, quiet(40), 2000)).toEqual([[2500, false]]);
  });

  it('does not flicker when the level hovers between the two thresholds', () => {
    const detector = new SpeakingDetector();
    const changes = run(detector, [...loud(10), ...between(100), ...loud(3), ...between(100)]);
    expect(changes).toEqual([[60, true]]);
    const stopping = new SpeakingDetector();
    run(stopping, loud(10));
    expect(run(stopping, [...quiet(10), ...between(100)], 1000)).toEqual([]);
    expect(stopping.isSpeaking).toBe(true);
  });

  it('reports a reset only when it is a change', () => {
    const detector = new SpeakingDetector();
    expect(detector.reset()).toBeNull();
    run(detector, loud(10));
    expect(detector.reset()).toBe(false);
    expect(detector.isSpeaking).toBe(false);
  });
});

describe('levelDb', () => {
  it('is 0 dBFS for a full-scale square wave, −100 for silence, about −6 for half amplitude', () => {
    expect(levelDb(new Float32Array([1, -1, 1, -1]))).toBeCloseTo(0);
    expect(levelDb(new Float32Array(128))).toBe(-100);
    expect(levelDb(new Float32Array([0.5, -0.5]))).toBeCloseTo(-6.02, 1);
  });
});

describe('sensitivity', () => {
  it('sets where speech starts, and it stops 10 dB below', () => {
    const quiet = new SpeakingDetector(thresholdsFor(-70));
    const strict = new SpeakingDetector(thresholdsFor(-30));
    for (const detector of [quiet, strict]) {
      detector.update(-50, 0);
      detector.update(-50, 100);
    }
    expect(quiet.isSpeaking).toBe(true);
    expect(strict.isSpeaking).toBe(false);
    expect(thresholdsFor(-40)).toMatchObject({ startDb: -40, stopDb: -50 });
  });
});

describe('the gate that decides when audio is sent', () => {
  it('opens on the first reading above the sensitivity and closes after the same hang as the light', () => {
    const gate = new SpeakingDetector(gateThresholds(-45));
    expect(gate.update(-30, 0)).toBe(true);
    expect(gate.update(-80, 50)).toBeNull();
    expect(gate.update(-80, 50 + thresholdsFor(-45).releaseMs)).toBe(false);
  });
});
