// VOICE-15: the worker every encoded frame of a room through the server passes (RTCRtpScriptTransform):
// ours are encrypted with our current media key before they leave, everyone else's decrypted with
// the key their frame names. A frame that cannot be read (a key we were not given) is dropped, not
// passed to the decoder; nothing is ever sent unencrypted, not even before our key is set.

import { clearBytes, decryptFrame, encryptFrame, type FrameKey } from './frame-crypto';

/** What the page tells the worker: raw 128-bit AES keys, by tag. */
export type FrameWorkerMessage =
  | { type: 'send-key'; tag: number; raw: ArrayBuffer }
  | { type: 'receive-key'; tag: number; raw: ArrayBuffer }
  | { type: 'forget'; tags: number[] };

/** Given to each transform: which way its frames go, and what they carry. */
export interface FrameTransformOptions {
  side: 'send' | 'receive';
  kind: 'audio' | 'video';
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

const receiving = new Map<number, CryptoKey>();
let sending: FrameKey | null = null;

const importKey = (raw: ArrayBuffer) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);

const scope = self as unknown as {
  onmessage: (event: MessageEvent<FrameWorkerMessage>) => void;
  onrtctransform: (event: { transformer: ScriptTransformer }) => void;
};

scope.onmessage = async ({ data: message }) => {
  if (message.type === 'forget') {
    for (const tag of message.tags) receiving.delete(tag);
    return;
  }
  const key = await importKey(message.raw);
  if (message.type === 'send-key') sending = { tag: message.tag, key };
  else receiving.set(message.tag, key);
};

scope.onrtctransform = ({ transformer }) => {
  const { kind, side } = transformer.options;
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
          const opened = await decryptFrame(frame.data, clearBytes(kind, frame.type), (tag) => receiving.get(tag));
          if (!opened) return;
          frame.data = opened;
          controller.enqueue(frame);
        };
  // The pipe ends when the sender or receiver goes; there is nothing to tell anyone then.
  transformer.readable.pipeThrough(new TransformStream({ transform })).pipeTo(transformer.writable).catch(() => {});
};
