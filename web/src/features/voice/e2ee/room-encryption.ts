// VOICE-15: end-to-end encryption of a room whose media goes through the server, in this tab: the frame
// worker every one of our connections with the server passes its frames through, and the media keys it
// is given (media-keys.ts). Lives as long as we are in the room's voice: connections made again after a
// failure or a reconnect use the same worker and keys.

import type { ForwardedMedia } from '@/lib/wire';
import type { FrameTransformOptions, FrameWorkerMessage } from './frame-worker';
import { MediaKeys, type MediaKeysOptions } from './media-keys';

export class RoomEncryption {
  /** Encoded transforms in a worker: Chromium 141+, Firefox 117+, Safari 15.4+. */
  static readonly supported = typeof RTCRtpScriptTransform !== 'undefined';

  /** Each receiver's slot in the worker, where it learns whose media the receiver's section carries. */
  private slots = new WeakMap<RTCRtpReceiver, number>();
  private nextSlot = 0;

  private constructor(
    private readonly worker: Worker,
    readonly keys: MediaKeys,
  ) {}

  static async open(options: Omit<MediaKeysOptions, 'ring'>) {
    const worker = new Worker(new URL('./frame-worker.ts', import.meta.url), { type: 'module', name: 'woxly-frames' });
    const tell = (message: FrameWorkerMessage, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
    try {
      const keys = await MediaKeys.create({
        ...options,
        ring: {
          // Our own key is copied (we wrap it again for whoever joins later); theirs moves to the worker.
          send: (tag, raw) => tell({ type: 'send-key', tag, raw }),
          receive: (owner, tag, raw) => tell({ type: 'receive-key', owner, tag, raw }, [raw]),
          forget: (tags) => tell({ type: 'forget', tags }),
        },
      });
      return new RoomEncryption(worker, keys);
    } catch (error) {
      worker.terminate();
      throw error;
    }
  }

  /** Every frame `pc` sends passes the worker: set on each sender without a transform, before its first
   * frame (a new section gets its transceiver with a description). */
  protectSending(pc: RTCPeerConnection) {
    for (const { sender, receiver } of pc.getTransceivers()) {
      const kind = receiver.track.kind === 'video' ? 'video' : 'audio';
      if (!sender.transform) sender.transform = new RTCRtpScriptTransform(this.worker, { side: 'send', kind } satisfies FrameTransformOptions);
    }
  }

  /** Every frame `pc` receives passes the worker, which opens it only with a key of the person whose
   * media its section carries now (`sections`: the server's last offer). */
  protectReceiving(pc: RTCPeerConnection, sections: Record<string, ForwardedMedia>) {
    const owners: [number, number | null][] = [];
    for (const { mid, receiver } of pc.getTransceivers()) {
      let slot = this.slots.get(receiver);
      if (slot === undefined) {
        slot = this.nextSlot++;
        this.slots.set(receiver, slot);
        const kind = receiver.track.kind === 'video' ? 'video' : 'audio';
        receiver.transform = new RTCRtpScriptTransform(this.worker, { side: 'receive', kind, slot } satisfies FrameTransformOptions);
      }
      owners.push([slot, sections[mid ?? '']?.userId ?? null]);
    }
    this.worker.postMessage({ type: 'owners', owners } satisfies FrameWorkerMessage);
  }

  close() {
    this.keys.close();
    this.worker.terminate();
  }
}
