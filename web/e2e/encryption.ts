// End-to-end encryption through the forwarding server (VOICE-15) in the end-to-end tests: the room's
// safety code as each person sees it; a relay that swaps someone's identity key (what a dishonest
// server would do), between the page and the server; and a tap of the frames the server forwards, as a
// receiver gets them before it decrypts them, with the media keys that receiver was given. The frame
// format and its decryption are written here from docs/api.md, not imported from the app.

import type { BrowserContext, Page } from '@playwright/test';
import { webcrypto } from 'node:crypto';
import { expect } from './app';
import type { Person } from './voice';

/** Waits until everyone in `people` shows the same room safety code, covering exactly them; returns it. */
export async function expectOneRoomCode(people: Person[]): Promise<string> {
  const codes = () =>
    Promise.all(
      people.map(async ({ page }) => {
        const code = page.getByTestId('room-safety-code');
        if ((await code.count()) === 0 || (await code.getAttribute('data-people')) !== String(people.length)) return null;
        return code.textContent();
      }),
    );
  let seen: (string | null)[] = [];
  await expect
    .poll(async () => {
      seen = await codes();
      return seen.every((code) => code !== null && code === seen[0]);
    })
    .toBe(true);
  expect(seen[0]).toMatch(/^\d{5}( \d{5}){4}$/);
  return seen[0]!;
}

/** The room safety code `who` shows once it covers `people` people. */
export async function roomCodeOf(who: Person, people: number): Promise<string> {
  const code = who.page.getByTestId('room-safety-code');
  await expect(code).toHaveAttribute('data-people', String(people));
  return (await code.textContent()) ?? '';
}

/** Between this context's pages and the server, what a dishonest server would do: every `e2ee-key`
 * from `victim` arrives with an identity key of its own in place of the victim's (and no media key,
 * which it could not wrap for the real one). */
export async function swapIdentityOf(context: BrowserContext, victim: () => number) {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const forged = Buffer.from(await webcrypto.subtle.exportKey('raw', pair.publicKey)).toString('base64');
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      // A Socket.IO event is the engine.io message `4`, the packet type `2`, then `[name, payload]`.
      if (typeof message === 'string' && message.startsWith('42["e2ee-key"')) {
        const [name, payload] = JSON.parse(message.slice(2));
        if (payload.from === victim()) {
          ws.send(`42${JSON.stringify([name, { ...payload, key: { identity: forged } }])}`);
          return;
        }
      }
      ws.send(message);
    });
  });
}

declare global {
  interface Window {
    /** Every frame the tapped page received, as it came from the server, before decryption. */
    __tapped: { kind: 'audio' | 'video'; type?: string; bytes: number[] }[];
    /** Every media key the tapped page gave its frame worker. */
    __tapKeys: { tag: number; raw: number[] }[];
  }
}

/** Frames kept of each kind (audio, video): enough for the checks, not a page's whole memory. */
const TAP_LIMIT = 300;

/** An init script: the page's receiving transforms copy each frame (still encrypted) to
 * `window.__tapped` and pass it on unchanged; the media keys the app gives its worker are copied to
 * `window.__tapKeys`. What the app sends is untouched. */
function tap(limit: number) {
  window.__tapped = [];
  window.__tapKeys = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: unknown) {
    const key = message as { type?: string; tag?: number; raw?: ArrayBuffer };
    if (key?.type === 'receive-key' && key.raw) window.__tapKeys.push({ tag: key.tag ?? 0, raw: [...new Uint8Array(key.raw)] });
    return post.call(this, message, transfer as StructuredSerializeOptions);
  } as typeof Worker.prototype.postMessage;
  const source = `onrtctransform = ({ transformer }) => {
    const { kind } = transformer.options;
    transformer.readable
      .pipeThrough(new TransformStream({ transform(frame, controller) {
        postMessage({ kind, type: frame.type, data: frame.data.slice(0) });
        controller.enqueue(frame);
      } }))
      .pipeTo(transformer.writable);
  };`;
  const Native = window.RTCRtpScriptTransform;
  let worker: Worker | null = null;
  window.RTCRtpScriptTransform = function (appWorker: Worker, options?: { side?: string }) {
    if (options?.side !== 'receive') return new Native(appWorker, options);
    if (!worker) {
      worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      worker.onmessage = ({ data }) => {
        if (window.__tapped.filter((frame) => frame.kind === data.kind).length < limit) window.__tapped.push({ kind: data.kind, type: data.type, bytes: [...new Uint8Array(data.data)] });
      };
    }
    return new Native(worker, options);
  } as unknown as typeof RTCRtpScriptTransform;
}

export async function tapFrames(context: BrowserContext) {
  await context.addInitScript(tap, TAP_LIMIT);
}

export interface Tapped {
  kind: 'audio' | 'video';
  type?: string;
  bytes: Uint8Array;
}

/** Waits until the tap holds at least `audio` audio and `video` video frames; returns them and the keys. */
export async function tapped(page: Page, audio: number, video: number): Promise<{ frames: Tapped[]; keys: Map<number, Uint8Array> }> {
  const count = () => page.evaluate(() => window.__tapped.reduce((n, f) => ({ ...n, [f.kind]: n[f.kind] + 1 }), { audio: 0, video: 0 }));
  await expect.poll(async () => {
    const got = await count();
    return got.audio >= audio && got.video >= video;
  }, { timeout: 60_000 }).toBe(true);
  const { frames, keys } = await page.evaluate(() => ({ frames: window.__tapped, keys: window.__tapKeys }));
  return {
    frames: frames.map((f) => ({ ...f, bytes: Uint8Array.from(f.bytes) })),
    keys: new Map(keys.map((k) => [k.tag, Uint8Array.from(k.raw)])),
  };
}

/** docs/api.md: `clear bytes | AES-128-GCM ciphertext and tag | 12-byte nonce | 4-byte tag`. */
export async function decrypt(frame: Tapped, keys: Map<number, Uint8Array>): Promise<Uint8Array | null> {
  const { bytes } = frame;
  const clear = frame.kind === 'audio' ? 1 : frame.type === 'key' ? 10 : 3;
  if (bytes.length < clear + 32) return null;
  const tag = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 4);
  const raw = keys.get(tag);
  if (!raw) return null;
  const key = await webcrypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
  try {
    const opened = await webcrypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(bytes.length - 16, bytes.length - 4), additionalData: bytes.subarray(0, clear) },
      key,
      bytes.subarray(clear, bytes.length - 16),
    );
    return Uint8Array.from([...bytes.subarray(0, clear), ...new Uint8Array(opened)]);
  } catch {
    return null;
  }
}

/** Decodes VP8 frames (the first a key frame) with the browser's own decoder (WebCodecs) and says how
 * many pictures came out and how many of them are the fake camera's (red left half, blue right). */
export async function decodeVp8(page: Page, frames: { key: boolean; bytes: Uint8Array }[]): Promise<{ decoded: number; camera: number }> {
  return page.evaluate(async (frames) => {
    let decoded = 0;
    let camera = 0;
    const canvas = new OffscreenCanvas(16, 16);
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const decoder = new VideoDecoder({
      output: (picture) => {
        decoded += 1;
        canvas.width = picture.displayWidth;
        canvas.height = picture.displayHeight;
        context.drawImage(picture, 0, 0);
        picture.close();
        const at = (x: number) => [...context.getImageData(Math.floor(x), Math.floor(canvas.height / 2), 1, 1).data];
        const [left, right] = [at(canvas.width / 4), at((canvas.width * 3) / 4)];
        if (left[0]! > 150 && left[2]! < 100 && right[2]! > 150 && right[0]! < 100) camera += 1;
      },
      error: () => {},
    });
    decoder.configure({ codec: 'vp8' });
    frames.forEach((frame, i) => {
      if (decoder.state === 'configured') decoder.decode(new EncodedVideoChunk({ type: frame.key ? 'key' : 'delta', timestamp: i * 33_333, data: new Uint8Array(frame.bytes) }));
    });
    await decoder.flush().catch(() => {});
    return { decoded, camera };
  }, frames.map((f) => ({ key: f.key, bytes: [...f.bytes] as unknown as Uint8Array })));
}

/** Decodes Opus frames one after another with the browser's decoder (WebCodecs); the loudness (RMS)
 * of each, 0 for a frame the decoder refused. */
export async function opusLoudness(page: Page, frames: Uint8Array[]): Promise<number[]> {
  return page.evaluate(async (frames) => {
    const loudness: number[] = frames.map(() => 0);
    const open = () => {
      const decoder = new AudioDecoder({
        output: (data) => {
          const samples = new Float32Array(data.numberOfFrames);
          data.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
          loudness[Math.round(data.timestamp / 20_000)] = Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
          data.close();
        },
        error: () => {},
      });
      decoder.configure({ codec: 'opus', sampleRate: 48_000, numberOfChannels: 1 });
      return decoder;
    };
    let decoder = open();
    for (const [i, bytes] of frames.entries()) {
      // A frame the decoder cannot read closes it: the next frame gets a new one.
      if (decoder.state !== 'configured') decoder = open();
      decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: i * 20_000, data: new Uint8Array(bytes) }));
      await decoder.flush().catch(() => {});
    }
    return loudness;
  }, frames.map((f) => [...f] as unknown as Uint8Array));
}

/** Pearson's correlation of two series of equal length; 0 when either does not vary. */
export function correlation(a: number[], b: number[]): number {
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}
