// VOICE-15: end-to-end encryption of a room whose media goes through the server, in this tab: the frame
// worker every one of our connections with the server passes its frames through, and the media keys it
// is given (media-keys.ts). Lives as long as we are in the room's voice: connections made again after a
// failure or a reconnect use the same worker and keys.

import type { E2eeKey } from '@/lib/wire';
import type { FrameTransformOptions, FrameWorkerMessage } from './frame-worker';
import { MediaKeys } from './media-keys';

export class RoomEncryption {
  /** Encoded transforms in a worker: Chromium 141+, Firefox 117+, Safari 15.4+. */
  static readonly supported = typeof RTCRtpScriptTransform !== 'undefined';

  private constructor(
    private readonly worker: Worker,
    readonly keys: MediaKeys,
  ) {}

  static async open(myId: number, identity: CryptoKeyPair, post: (to: number, message: E2eeKey) => void, onChange: () => void) {
    const worker = new Worker(new URL('./frame-worker.ts', import.meta.url), { type: 'module', name: 'woxly-frames' });
    const tell = (message: FrameWorkerMessage, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
    const keys = await MediaKeys.create(
      myId,
      {
        // Our own key is copied (we wrap it again for whoever joins later); theirs moves to the worker.
        send: (tag, raw) => tell({ type: 'send-key', tag, raw }),
        receive: (tag, raw) => tell({ type: 'receive-key', tag, raw }, [raw]),
        forget: (tags) => tell({ type: 'forget', tags }),
      },
      post,
      onChange,
      identity,
    );
    return new RoomEncryption(worker, keys);
  }

  /** Every frame `pc` sends (or receives) passes the worker: set on each sender (receiver) that has no
   * transform yet, before its first frame (a new section gets its transceiver with a description). */
  protect(pc: RTCPeerConnection, side: FrameTransformOptions['side']) {
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind === 'video' ? 'video' : 'audio';
      const end = side === 'send' ? transceiver.sender : transceiver.receiver;
      if (!end.transform) end.transform = new RTCRtpScriptTransform(this.worker, { side, kind } satisfies FrameTransformOptions);
    }
  }

  close() {
    this.keys.close();
    this.worker.terminate();
  }
}
