// VOICE-15: the worker every encoded frame of a room through the server passes (RTCRtpScriptTransform):
// ours are encrypted with our current media key before they leave, everyone else's decrypted with
// the key their frame names. A frame that cannot be read (a key we were not given) is dropped, not
// passed to the decoder; nothing is ever sent unencrypted, not even before our key is set.

import { clearBytes, decryptFrame, encryptFrame, type FrameKey } from './frame-crypto';

/** What the page tells the worker: raw 128-bit AES keys by tag (others' with their owner), and whose
 * media each receiving transform's section carries now (sections are reused as people come and go). */
export type FrameWorkerMessage =
  | { type: 'send-key'; tag: number; raw: ArrayBuffer }
  | { type: 'receive-key'; owner: number; tag: number; raw: ArrayBuffer }
  | { type: 'forget'; tags: number[] }
  | { type: 'owners'; owners: [slot: number, owner: number | null][] };

/** Given to each transform: which way its frames go, what they carry, and (receiving) its slot. */
export interface FrameTransformOptions {
  side: 'send' | 'receive';
  kind: 'audio' | 'video';
  slot?: number;
}

interface EncodedFrame {
  data: ArrayBuffer;
  type?: string;
}

interface ScriptTransformer {
  readable: ReadableStream<EncodedFrame>;
  writable: WritableStream<EncodedFrame>;
  options: FrameTransformOptions;
}

const receiving = new Map<number, { owner: number; key: CryptoKey }>();
const owners = new Map<number, number>();
let sending: FrameKey | null = null;

const importKey = (raw: ArrayBuffer) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);

const scope = self as unknown as {
  onmessage: (event: MessageEvent<FrameWorkerMessage>) => void;
  onrtctransform: (event: { transformer: ScriptTransformer }) => void;
};

async function apply(message: FrameWorkerMessage) {
  switch (message.type) {
    case 'forget':
      for (const tag of message.tags) receiving.delete(tag);
      return;
    case 'owners':
      for (const [slot, owner] of message.owners) {
        if (owner === null) owners.delete(slot);
        else owners.set(slot, owner);
      }
      return;
    case 'send-key':
      sending = { tag: message.tag, key: await importKey(message.raw) };
      return;
    case 'receive-key':
      receiving.set(message.tag, { owner: message.owner, key: await importKey(message.raw) });
  }
}

// In the order sent: a key forgotten must not come back from an import that finished later.
let applied = Promise.resolve();
scope.onmessage = ({ data }) => {
  applied = applied.then(() => apply(data)).catch(() => {});
};

scope.onrtctransform = ({ transformer }) => {
  const { kind, side, slot } = transformer.options;
  const keyFor = (tag: number) => {
    const known = receiving.get(tag);
    return known && slot !== undefined && known.owner === owners.get(slot) ? known.key : undefined;
  };
  const transform: Transformer<EncodedFrame, EncodedFrame>['transform'] =
    side === 'send'
      ? async (frame, controller) => {
          if (frame.data.byteLength === 0) return controller.enqueue(frame);
          if (!sending) return;
          frame.data = await encryptFrame(frame.data, clearBytes(kind, frame.type), sending);
          controller.enqueue(frame);
        }
      : async (frame, controller) => {
          if (frame.data.byteLength === 0) return controller.enqueue(frame);
          const opened = await decryptFrame(frame.data, clearBytes(kind, frame.type), keyFor);
          if (!opened) return;
          frame.data = opened;
          controller.enqueue(frame);
        };
  // The pipe ends when the sender or receiver goes; there is nothing to tell anyone then.
  transformer.readable.pipeThrough(new TransformStream({ transform })).pipeTo(transformer.writable).catch(() => {});
};
