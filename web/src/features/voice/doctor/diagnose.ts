// VOICE-12: what the connection doctor's measurements mean, in plain words (keys of `doctor.*`).

import type { MicrophoneProblem } from '../microphone';

export interface DoctorResults {
  microphone: { problem: MicrophoneProblem | null; peakDb: number | null };
  /** `ok`: the server saw us from outside (a server-reflexive address); `same`: it answered with the
   * address we already have (no NAT between); `failed`: it did not answer. */
  stun: { outcome: 'ok' | 'same' | 'failed' | 'none'; address?: string };
  /** `null`: the server hands out no such TURN URL. */
  turnUdp: boolean | null;
  turnTcp: boolean | null;
  /** A call from this page to itself through the relay: its round trip, or `null` if it failed. */
  loopback: { rttMs: number; protocol: string } | null;
}

export type Verdict = 'ok' | 'warn' | 'fail';

export interface Finding {
  check: 'microphone' | 'stun' | 'turn' | 'loopback';
  verdict: Verdict;
  /** A key under `doctor.`, and what it needs. */
  message: string;
  params?: Record<string, string | number>;
}

/** Below this the microphone sends (almost) nothing: muted in hardware, or the wrong device. */
export const SILENT_DB = -70;

export function diagnose(results: DoctorResults): Finding[] {
  const findings: Finding[] = [];
  const { problem, peakDb } = results.microphone;
  if (problem) findings.push({ check: 'microphone', verdict: 'fail', message: `microphone.${problem}` });
  else if (peakDb === null || peakDb < SILENT_DB) findings.push({ check: 'microphone', verdict: 'warn', message: 'microphone.silent' });
  else findings.push({ check: 'microphone', verdict: 'ok', message: 'microphone.ok', params: { db: Math.round(peakDb) } });

  const stun = results.stun;
  if (stun.outcome === 'ok') findings.push({ check: 'stun', verdict: 'ok', message: 'stun.ok', params: { address: stun.address ?? '' } });
  else if (stun.outcome === 'same') findings.push({ check: 'stun', verdict: 'ok', message: 'stun.same' });
  else if (stun.outcome === 'none') findings.push({ check: 'stun', verdict: 'warn', message: 'stun.none' });
  else findings.push({ check: 'stun', verdict: 'warn', message: 'stun.failed' });

  const { turnUdp: udp, turnTcp: tcp } = results;
  if (udp === null && tcp === null) findings.push({ check: 'turn', verdict: 'warn', message: 'turn.none' });
  else if (udp && tcp) findings.push({ check: 'turn', verdict: 'ok', message: 'turn.ok' });
  else if (udp) findings.push({ check: 'turn', verdict: tcp === null ? 'ok' : 'warn', message: tcp === null ? 'turn.udpOnly' : 'turn.tcpBlocked' });
  else if (tcp) findings.push({ check: 'turn', verdict: 'warn', message: 'turn.udpBlocked' });
  else findings.push({ check: 'turn', verdict: 'fail', message: 'turn.unreachable' });

  if (results.loopback) {
    findings.push({
      check: 'loopback',
      verdict: results.loopback.rttMs > 400 ? 'warn' : 'ok',
      message: results.loopback.rttMs > 400 ? 'loopback.slow' : 'loopback.ok',
      params: { ms: results.loopback.rttMs, protocol: results.loopback.protocol.toUpperCase() },
    });
  } else {
    findings.push({ check: 'loopback', verdict: 'fail', message: 'loopback.failed' });
  }
  return findings;
}

/** The worst verdict: what the page's headline says. */
export const overall = (findings: Finding[]): Verdict =>
  findings.some((f) => f.verdict === 'fail') ? 'fail' : findings.some((f) => f.verdict === 'warn') ? 'warn' : 'ok';
