import { describe, expect, it } from 'vitest';
import { clearBytes, decryptFrame, encryptFrame, FRAME_OVERHEAD } from './frame-crypto';

const aesKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt', 'decrypt']);
const frame = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 7) % 256).buffer;

describe('frame encryption', () => {
  it('keeps the bytes packetizers read, hides the rest, and opens with the key its tag names', async () => {
    const key = await aesKey();
    const plain = frame(300);
    const sealed = new Uint8Array(await encryptFrame(plain, clearBytes('video', 'key'), { tag: 0xabcdef01, key }));
    expect(sealed.length).toBe(300 + FRAME_OVERHEAD);
    expect([...sealed.subarray(0, 10)]).toEqual([...new Uint8Array(plain).subarray(0, 10)]);
    expect([...sealed.subarray(10, 300)]).not.toEqual([...new Uint8Array(plain).subarray(10)]);
    expect(new DataView(sealed.buffer).getUint32(sealed.length - 4)).toBe(0xabcdef01);
    const opened = await decryptFrame(sealed.buffer, 10, (tag) => (tag === 0xabcdef01 ? key : undefined));
    expect(opened && [...new Uint8Array(opened)]).toEqual([...new Uint8Array(plain)]);
  });

  it('the same frame twice looks different (a fresh nonce each time)', async () => {
    const key = await aesKey();
    const a = new Uint8Array(await encryptFrame(frame(50), 1, { tag: 1, key }));
    const b = new Uint8Array(await encryptFrame(frame(50), 1, { tag: 1, key }));
    expect([...a]).not.toEqual([...b]);
  });

  it('a wrong key, an unknown tag, a changed clear byte or a short frame open nothing', async () => {
    const key = await aesKey();
    const other = await aesKey();
    const sealed = await encryptFrame(frame(80), 3, { tag: 7, key });
    expect(await decryptFrame(sealed, 3, () => other)).toBeNull();
    expect(await decryptFrame(sealed, 3, () => undefined)).toBeNull();
    const changed = new Uint8Array(sealed.slice(0));
    changed[0] = (changed[0] ?? 0) ^ 1;
    expect(await decryptFrame(changed.buffer, 3, () => key)).toBeNull();
    expect(await decryptFrame(frame(FRAME_OVERHEAD), 3, () => key)).toBeNull();
  });

  it('reads one clear byte of audio, three of a video frame and ten of a key frame', () => {
    expect([clearBytes('audio'), clearBytes('video', 'delta'), clearBytes('video', 'key')]).toEqual([1, 3, 10]);
  });
});
