import { describe, expect, it } from 'vitest';
import { bars, readQuality } from './connection-quality';

/** A getStats() report with a selected pair, its local candidate and one inbound audio stream. */
function report(options: { rtt: number; received: number; lost: number; jitter: number; local: Record<string, unknown>; remote?: string }) {
  return new Map<string, Record<string, unknown>>([
    ['T', { type: 'transport', selectedCandidatePairId: 'P' }],
    ['P', { type: 'candidate-pair', currentRoundTripTime: options.rtt, localCandidateId: 'L', remoteCandidateId: 'R' }],
    ['L', { type: 'local-candidate', ...options.local }],
    ['R', { type: 'remote-candidate', candidateType: options.remote ?? 'srflx' }],
    ['I', { type: 'inbound-rtp', kind: 'audio', packetsReceived: options.received, packetsLost: options.lost, jitter: options.jitter }],
  ]);
}

describe('connection quality', () => {
  it('reads round trip, jitter and the loss since the last reading', () => {
    const first = readQuality(report({ rtt: 0.042, received: 100, lost: 0, jitter: 0.004, local: { candidateType: 'host' } }), null);
    expect(first.quality).toEqual({ rttMs: 42, lossPercent: 0, jitterMs: 4, relayed: null, bars: 4 });
    const second = readQuality(report({ rtt: 0.05, received: 190, lost: 10, jitter: 0.004, local: { candidateType: 'host' } }), first.counters);
    expect(second.quality.lossPercent).toBe(10);
    expect(second.quality.bars).toBe(2);
  });

  it('says when the path goes through the relay, and over which protocol', () => {
    const tcp = readQuality(report({ rtt: 0.1, received: 1, lost: 0, jitter: 0, local: { candidateType: 'relay', relayProtocol: 'tcp' } }), null);
    expect(tcp.quality.relayed).toBe('tcp');
    const udp = readQuality(report({ rtt: 0.1, received: 1, lost: 0, jitter: 0, local: { candidateType: 'relay', relayProtocol: 'udp' } }), null);
    expect(udp.quality.relayed).toBe('udp');
    const theirs = readQuality(report({ rtt: 0.1, received: 1, lost: 0, jitter: 0, local: { candidateType: 'srflx' }, remote: 'relay' }), null);
    expect(theirs.quality.relayed).toBe('udp');
  });

  it('takes a bar away for each threshold passed', () => {
    expect(bars(null, 0, 0)).toBe(4);
    expect(bars(200, 0, 0)).toBe(3);
    expect(bars(400, 0, 0)).toBe(2);
    expect(bars(700, 20, 200)).toBe(1);
    expect(bars(50, 3, 0)).toBe(3);
  });
});
