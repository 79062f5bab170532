import { describe, expect, it } from 'vitest';
import { encodingFor, isWeak, shareHints } from './encoding';

describe('what a video sender may spend (VIDEO-3)', () => {
  it('a camera grows smaller and slower as the room grows, and never spends more in all than for two', () => {
    const one = encodingFor('camera', 'text', { viewers: 1, weak: false });
    const three = encodingFor('camera', 'text', { viewers: 3, weak: false });
    const six = encodingFor('camera', 'text', { viewers: 6, weak: false });
    expect(one).toEqual({ maxBitrate: 1_200_000, maxFramerate: 30, scaleResolutionDownBy: 1 });
    expect(three.scaleResolutionDownBy).toBeGreaterThan(one.scaleResolutionDownBy);
    expect(six.maxFramerate).toBeLessThan(three.maxFramerate);
    for (const viewers of [1, 2, 3, 4, 5]) {
      const total = encodingFor('camera', 'text', { viewers, weak: false }).maxBitrate * viewers;
      expect(total).toBeLessThanOrEqual(2 * 1_200_000);
    }
  });

  it('a weak path halves what goes to that person', () => {
    const strong = encodingFor('camera', 'text', { viewers: 2, weak: false });
    const weak = encodingFor('camera', 'text', { viewers: 2, weak: true });
    expect(weak.maxBitrate).toBe(strong.maxBitrate / 2);
    expect(weak.scaleResolutionDownBy).toBeGreaterThan(strong.scaleResolutionDownBy);
  });

  it('a text share keeps its resolution and gives up frames; a motion share the other way round', () => {
    for (const weak of [false, true]) {
      for (const viewers of [1, 4, 10]) {
        const text = encodingFor('screen', 'text', { viewers, weak });
        expect(text.scaleResolutionDownBy).toBe(1);
        expect(text.maxFramerate).toBeLessThanOrEqual(15);
      }
    }
    expect(encodingFor('screen', 'text', { viewers: 1, weak: true }).maxFramerate).toBe(5);
    expect(encodingFor('screen', 'motion', { viewers: 1, weak: false })).toMatchObject({ maxFramerate: 60, scaleResolutionDownBy: 1 });
    expect(encodingFor('screen', 'motion', { viewers: 1, weak: true }).scaleResolutionDownBy).toBeGreaterThan(1);
    expect(shareHints('text')).toEqual({ contentHint: 'text', degradationPreference: 'maintain-resolution' });
    expect(shareHints('motion').degradationPreference).toBe('maintain-framerate');
  });

  it('a share spreads its budget over its viewers within a floor and a ceiling', () => {
    expect(encodingFor('screen', 'text', { viewers: 1, weak: false }).maxBitrate).toBe(2_500_000);
    expect(encodingFor('screen', 'text', { viewers: 4, weak: false }).maxBitrate).toBe(1_500_000);
    expect(encodingFor('screen', 'text', { viewers: 20, weak: false }).maxBitrate).toBe(600_000);
  });

  it('a path is weak with loss over 5 % or a round trip over 400 ms', () => {
    expect(isWeak(undefined)).toBe(false);
    expect(isWeak({ lossPercent: 1, rttMs: 50 })).toBe(false);
    expect(isWeak({ lossPercent: 8, rttMs: 50 })).toBe(true);
    expect(isWeak({ lossPercent: 0, rttMs: 600 })).toBe(true);
  });
});
