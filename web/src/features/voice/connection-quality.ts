// VOICE-11: how a connection to one person is doing, from WebRTC's own statistics: round-trip time
// of the selected candidate pair, packet loss and jitter of the audio we receive, and whether the
// path goes through the TURN relay.

export interface ConnectionQuality {
  /** Round-trip time in ms, `null` before the first measurement. */
  rttMs: number | null;
  /** Share of packets lost since the previous reading, 0–100. */
  lossPercent: number;
  jitterMs: number;
  /** Media goes through a TURN relay, ours or the other side's (`tcp` or `udp` from us to it), or
   * `null`: directly. */
  relayed: 'udp' | 'tcp' | 'tls' | null;
  /** 1 (bad) to 4 (good). */
  bars: 1 | 2 | 3 | 4;
}

/** Cumulative counters of the previous reading, to turn totals into a recent loss rate. */
export interface QualityCounters {
  packetsReceived: number;
  packetsLost: number;
}

type Stats = Map<string, Record<string, unknown>>;

const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Reads one `getStats()` report; `previous` is what the last reading returned as counters. */
export function readQuality(stats: Stats, previous: QualityCounters | null): { quality: ConnectionQuality; counters: QualityCounters } {
  let rttMs: number | null = null;
  let relayed: ConnectionQuality['relayed'] = null;
  let packetsReceived = 0;
  let packetsLost = 0;
  let jitterMs = 0;
  for (const report of stats.values()) {
    if (report.type === 'transport' && typeof report.selectedCandidatePairId === 'string') {
      const pair = stats.get(report.selectedCandidatePairId);
      const rtt = number(pair?.currentRoundTripTime);
      if (rtt !== null) rttMs = Math.round(rtt * 1000);
      const candidate = (id: unknown) => (typeof id === 'string' ? stats.get(id) : undefined);
      const local = candidate(pair?.localCandidateId);
      if (local?.candidateType === 'relay') {
        const protocol = local.relayProtocol;
        relayed = protocol === 'tcp' || protocol === 'tls' ? protocol : 'udp';
      } else if (candidate(pair?.remoteCandidateId)?.candidateType === 'relay') {
        // Through the other side's relay: we reach it over UDP.
        relayed = 'udp';
      }
    }
    if (report.type === 'inbound-rtp' && report.kind === 'audio') {
      packetsReceived += number(report.packetsReceived) ?? 0;
      packetsLost += Math.max(0, number(report.packetsLost) ?? 0);
      jitterMs = Math.max(jitterMs, Math.round((number(report.jitter) ?? 0) * 1000));
    }
  }
  const received = packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = packetsLost - (previous?.packetsLost ?? 0);
  const lossPercent = received + lost > 0 ? Math.round((Math.max(0, lost) / (received + Math.max(0, lost))) * 1000) / 10 : 0;
  return {
    quality: { rttMs, lossPercent, jitterMs, relayed, bars: bars(rttMs, lossPercent, jitterMs) },
    counters: { packetsReceived, packetsLost },
  };
}

/** Four bars for a good call; each threshold passed takes one away (what people hear: delay past
 * ~300 ms makes talking over each other, a few % loss makes words drop out, jitter adds delay). */
export function bars(rttMs: number | null, lossPercent: number, jitterMs: number): 1 | 2 | 3 | 4 {
  let score = 4;
  if ((rttMs ?? 0) > 150 || lossPercent > 1 || jitterMs > 30) score--;
  if ((rttMs ?? 0) > 300 || lossPercent > 5 || jitterMs > 60) score--;
  if ((rttMs ?? 0) > 600 || lossPercent > 15 || jitterMs > 120) score--;
  return score as 1 | 2 | 3 | 4;
}
