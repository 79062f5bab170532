import { describe, expect, it } from 'vitest';
import { diagnose, overall, type DoctorResults } from './diagnose';

const healthy: DoctorResults = {
  microphone: { problem: null, peakDb: -30 },
  stun: { outcome: 'ok', address: '198.51.100.7' },
  turnUdp: true,
  turnTcp: true,
  loopback: { rttMs: 12, protocol: 'udp' },
};

const message = (results: DoctorResults, check: string) => diagnose(results).find((f) => f.check === check);

describe('the connection doctor', () => {
  it('finds nothing wrong when everything answers', () => {
    const findings = diagnose(healthy);
    expect(findings.map((f) => f.verdict)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(overall(findings)).toBe('ok');
    expect(message(healthy, 'stun')?.params).toEqual({ address: '198.51.100.7' });
  });

  it('says UDP is blocked when only TCP reaches the relay: voice still works, through TCP', () => {
    const results = { ...healthy, turnUdp: false, stun: { outcome: 'failed' as const } };
    expect(message(results, 'turn')).toMatchObject({ verdict: 'warn', message: 'turn.udpBlocked' });
    expect(overall(diagnose(results))).toBe('warn');
  });

  it('fails when neither UDP nor TCP reaches the relay, or the loopback call does not connect', () => {
    expect(message({ ...healthy, turnUdp: false, turnTcp: false }, 'turn')).toMatchObject({ verdict: 'fail', message: 'turn.unreachable' });
    expect(message({ ...healthy, loopback: null }, 'loopback')).toMatchObject({ verdict: 'fail' });
  });

  it('tells a refused microphone from a silent one', () => {
    expect(message({ ...healthy, microphone: { problem: 'denied', peakDb: null } }, 'microphone')).toMatchObject({ verdict: 'fail', message: 'microphone.denied' });
    expect(message({ ...healthy, microphone: { problem: null, peakDb: -90 } }, 'microphone')).toMatchObject({ verdict: 'warn', message: 'microphone.silent' });
  });

  it('warns of a slow relay and of a server without TURN', () => {
    expect(message({ ...healthy, loopback: { rttMs: 900, protocol: 'tcp' } }, 'loopback')).toMatchObject({ verdict: 'warn', params: { ms: 900, protocol: 'TCP' } });
    expect(message({ ...healthy, turnUdp: null, turnTcp: null }, 'turn')).toMatchObject({ verdict: 'warn', message: 'turn.none' });
    expect(message({ ...healthy, turnTcp: null }, 'turn')).toMatchObject({ verdict: 'ok', message: 'turn.udpOnly' });
  });
});
