// VOICE-13: the safety code of a call between two people. Each browser makes its own DTLS certificate
// and puts its fingerprint in its SDP; DTLS then refuses any certificate whose fingerprint differs
// from the SDP's. Whoever carries the SDP (the WOXLY server) can only listen in by swapping both
// fingerprints for its own, and then the two sides see different pairs. So both sides hash the pair
// they negotiated — their own and the other's, in a fixed order — and show it as digits to read out.
// What it does not prove is written in README.md ("Safety code").

/** `sha-256 AB:CD:…` of every `a=fingerprint` line of an SDP, normalised, without repeats. */
export function fingerprints(sdp: string): string[] {
  const found = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) {
    const match = /^a=fingerprint:(\S+)\s+([0-9A-Fa-f:]+)\s*$/.exec(line);
    if (match?.[1] && match[2]) found.add(`${match[1].toLowerCase()} ${match[2].toUpperCase()}`);
  }
  return [...found].sort();
}

export const SAFETY_CODE_GROUPS = 5;

/** Five groups of five digits from both sides' fingerprints; the same whichever side computes it.
 * `null` when either side has no fingerprint yet (no description). 25 digits is about 83 bits: a
 * server that swaps certificates cannot find one that gives both sides the same code. */
export async function safetyCode(localSdp: string, remoteSdp: string): Promise<string | null> {
  const local = fingerprints(localSdp);
  const remote = fingerprints(remoteSdp);
  if (local.length === 0 || remote.length === 0) return null;
  const sides = [local.join(','), remote.join(',')].sort();
  return digits(`woxly safety code v1\n${sides.join('\n')}`);
}

/** VOICE-15: the safety code of a room whose media goes through the server — everyone's identity key
 * (their own included), by person: the same for everyone there when nobody's key was substituted. */
export async function roomSafetyCode(identities: { userId: number; identity: string }[]): Promise<string> {
  const lines = [...identities].sort((a, b) => a.userId - b.userId).map((p) => `${p.userId} ${p.identity}`);
  return digits(`woxly room safety code v1\n${lines.join('\n')}`);
}

async function digits(text: string): Promise<string> {
  const digest = new DataView(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const groups: string[] = [];
  for (let i = 0; i < SAFETY_CODE_GROUPS; i++) {
    // 32 bits per group, reduced to five digits (the bias of 2³² mod 10⁵ is below 0.003 %).
    groups.push(String(digest.getUint32(i * 4) % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}
