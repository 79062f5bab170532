// VOICE-15: one encoded frame, encrypted for the room and decrypted by each receiver (AES-GCM, 128-bit
// keys, one per sender). The first bytes of a frame stay readable, as the forwarding server and the
// browser's packetizer need them: Opus's table-of-contents byte; VP8's frame tag (3 bytes), and on a
// key frame its start code and picture size (7 more). They are authenticated with the rest.
//
//   frame = clear bytes | ciphertext and GCM tag (16) | nonce (12) | key tag (4, big-endian)

export const NONCE_BYTES = 12;
const TAG_BYTES = 4;
export const FRAME_OVERHEAD = 16 + NONCE_BYTES + TAG_BYTES;

export interface FrameKey {
  /** Names the key in each frame it encrypts, so receivers need no other bookkeeping. */
  tag: number;
  key: CryptoKey;
}

/** How many leading bytes stay readable: audio, a video key frame, or any other video frame. */
export function clearBytes(kind: 'audio' | 'video', frameType?: string): number {
  if (kind === 'audio') return 1;
  return frameType === 'key' ? 10 : 3;
}

export async function encryptFrame(data: ArrayBuffer, clear: number, sending: FrameKey): Promise<ArrayBuffer> {
  const frame = new Uint8Array(data);
  const head = frame.subarray(0, Math.min(clear, frame.length));
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: head }, sending.key, frame.subarray(head.length)),
  );
  const out = new Uint8Array(head.length + sealed.length + NONCE_BYTES + TAG_BYTES);
  out.set(head);
  out.set(sealed, head.length);
  out.set(nonce, head.length + sealed.length);
  new DataView(out.buffer).setUint32(out.length - TAG_BYTES, sending.tag);
  return out.buffer;
}

/** The frame as it was sent, or `null` when it is not ours to read: too short, a key we do not hold,
 * or anything changed on the way (the wrong key fails the same way). */
export async function decryptFrame(
  data: ArrayBuffer,
  clear: number,
  keyFor: (tag: number) => CryptoKey | undefined,
): Promise<ArrayBuffer | null> {
  const frame = new Uint8Array(data);
  if (frame.length < clear + FRAME_OVERHEAD) return null;
  const key = keyFor(new DataView(data).getUint32(frame.length - TAG_BYTES));
  if (!key) return null;
  const head = frame.subarray(0, clear);
  const nonce = frame.subarray(frame.length - TAG_BYTES - NONCE_BYTES, frame.length - TAG_BYTES);
  try {
    const opened = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: nonce, additionalData: head },
      key,
      frame.subarray(clear, frame.length - TAG_BYTES - NONCE_BYTES),
    );
    const out = new Uint8Array(clear + opened.byteLength);
    out.set(head);
    out.set(new Uint8Array(opened), clear);
    return out.buffer;
  } catch {
    return null;
  }
}
