import { describe, expect, it } from 'vitest';
import { fingerprints, safetyCode } from './safety-code';

const sdp = (fingerprint: string) =>
  ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', `a=fingerprint:sha-256 ${fingerprint}`, 'a=setup:actpass', ''].join('\r\n');

const anna = sdp('AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99');
const boris = sdp('11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF');
const mallory = sdp('11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FE');

describe('safety code', () => {
  it('is five groups of five digits, the same on both sides of the call', async () => {
    const annaSees = await safetyCode(anna, boris);
    expect(annaSees).toMatch(/^\d{5} \d{5} \d{5} \d{5} \d{5}$/);
    expect(await safetyCode(boris, anna)).toBe(annaSees);
  });

  it('is a known value for known fingerprints (the derivation is the contract between two clients)', async () => {
    // Recomputed by hand: SHA-256 of "woxly safety code v1\n" + the two sorted sides, 4 bytes per group mod 100000.
    const input = `woxly safety code v1\n${[fingerprints(anna).join(','), fingerprints(boris).join(',')].sort().join('\n')}`;
    const digest = new DataView(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input)));
    const expected = [0, 1, 2, 3, 4].map((i) => String(digest.getUint32(i * 4) % 100_000).padStart(5, '0')).join(' ');
    expect(await safetyCode(anna, boris)).toBe(expected);
  });

  it('changes when a certificate in the middle replaces either side', async () => {
    const real = await safetyCode(anna, boris);
    expect(await safetyCode(anna, mallory)).not.toBe(real);
    expect(await safetyCode(mallory, boris)).not.toBe(real);
  });

  it('reads every fingerprint once, ignoring case and other lines; none means no code', async () => {
    const twice = `${anna}a=fingerprint:SHA-256 aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99\r\n`;
    expect(fingerprints(twice)).toEqual(fingerprints(anna));
    expect(fingerprints(anna)).toHaveLength(1);
    expect(await safetyCode('v=0\r\n', boris)).toBeNull();
  });
});
