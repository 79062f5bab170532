import { describe, expect, it } from 'vitest';
import { playback } from './playback';

describe('how loud a person plays', () => {
  const base = { outputVolume: 1, peerVolume: 1, mutedForMe: false, deafened: false };

  it('up to 100 % the element plays at the product of output and personal volume', () => {
    expect(playback(base)).toEqual({ elementVolume: 1, elementMuted: false, boost: null });
    expect(playback({ ...base, outputVolume: 0.5, peerVolume: 1.5 })).toEqual({ elementVolume: 0.75, elementMuted: false, boost: null });
    expect(playback({ ...base, peerVolume: 0 })).toEqual({ elementVolume: 0, elementMuted: false, boost: null });
  });

  it('above 100 % the element is muted and a gain plays the stream louder', () => {
    expect(playback({ ...base, peerVolume: 2 })).toEqual({ elementVolume: 1, elementMuted: true, boost: 2 });
  });

  it('muted for me or deafened is silent whatever the volume', () => {
    expect(playback({ ...base, peerVolume: 2, mutedForMe: true })).toEqual({ elementVolume: 1, elementMuted: true, boost: null });
    expect(playback({ ...base, deafened: true, peerVolume: 0.4 })).toEqual({ elementVolume: 0.4, elementMuted: true, boost: null });
  });
});
