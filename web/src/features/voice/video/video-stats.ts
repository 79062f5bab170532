// VIDEO-3: how a video we receive is doing, for its tile: the size and rate of the frames decoded and
// the packets lost since the previous reading, from the `inbound-rtp` report of its track.

export interface VideoStats {
  width: number;
  height: number;
  fps: number;
  lossPercent: number;
}

/** Cumulative counters of the previous reading of one track. */
export interface VideoCounters {
  packetsReceived: number;
  packetsLost: number;
}

type Stats = Map<string, Record<string, unknown>>;

const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The stats of the video track `trackId` in one `getStats()` report, or `null` if it has none yet. */
export function readVideoStats(stats: Stats, trackId: string, previous: VideoCounters | null): { stats: VideoStats; counters: VideoCounters } | null {
  for (const report of stats.values()) {
    if (report.type !== 'inbound-rtp' || report.kind !== 'video' || report.trackIdentifier !== trackId) continue;
    const counters = { packetsReceived: number(report.packetsReceived), packetsLost: number(report.packetsLost) };
    const received = counters.packetsReceived - (previous?.packetsReceived ?? 0);
    const lost = counters.packetsLost - (previous?.packetsLost ?? 0);
    const lossPercent = received + lost > 0 ? Math.max(0, Math.round((lost / (received + lost)) * 1000) / 10) : 0;
    return {
      stats: { width: number(report.frameWidth), height: number(report.frameHeight), fps: Math.round(number(report.framesPerSecond)), lossPercent },
      counters,
    };
  }
  return null;
}

/** A video's stats as the `video.stats` line of a tile or the share stage names them. */
export const statsLine = (stats: VideoStats) => ({ width: stats.width, height: stats.height, fps: stats.fps, loss: stats.lossPercent });
