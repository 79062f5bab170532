import { describe, expect, it } from 'vitest';
import { readVideoStats } from './video-stats';

const report = (trackIdentifier: string, packetsReceived: number, packetsLost: number) =>
  new Map<string, Record<string, unknown>>([
    ['audio', { type: 'inbound-rtp', kind: 'audio', trackIdentifier: 'mic', packetsReceived: 500, packetsLost: 0 }],
    ['video', { type: 'inbound-rtp', kind: 'video', trackIdentifier, frameWidth: 1280, frameHeight: 720, framesPerSecond: 29.7, packetsReceived, packetsLost }],
  ]);

describe('a received video as its tile shows it (VIDEO-3)', () => {
  it('reads the size, rate and the loss since the last reading of its own track', () => {
    const first = readVideoStats(report('cam', 100, 0), 'cam', null);
    expect(first?.stats).toEqual({ width: 1280, height: 720, fps: 30, lossPercent: 0 });
    const second = readVideoStats(report('cam', 190, 10), 'cam', first!.counters);
    expect(second?.stats.lossPercent).toBe(10);
    expect(readVideoStats(report('cam', 100, 0), 'screen', null)).toBeNull();
  });
});
