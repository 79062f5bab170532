// VOICE-14: a room whose media goes through the server's forwarding server (`voiceMode: "sfu"`). Instead
// of one connection per other person, two with the server: we publish our microphone, camera and share
// on one (our offer, `media-publish`, answered in the acknowledgement; again after each change), and
// receive everyone else's on the other, which the server offers (`media-offer`, answered with
// `media-answer`) each time what we receive changes. Each offer names whose voice, camera or share each
// media section carries, so every track that arrives is known for what it is. The server has one
// address in its descriptions (ICE-lite): no candidates of ours are sent.

import type { MediaOfferEvent } from '@/lib/events';
import type { ForwardedMedia, SessionDescription } from '@/lib/wire';
import type { RoomEncryption } from '../e2ee/room-encryption';
import type { PeerState, StreamKind } from '../peer-mesh';

export interface SfuLinkOptions {
  createConnection: () => RTCPeerConnection;
  /** Adds what we send (our microphone, camera, share) to the publishing connection. */
  attachLocal: (pc: RTCPeerConnection) => void;
  /** VOICE-15: the frames of our connections go through it, before they flow. */
  encryption: Pick<RoomEncryption, 'protectSending' | 'protectReceiving'>;
  /** What we send in each media section of the publishing connection (by mid), named in every offer. */
  describeMedia: (pc: RTCPeerConnection) => Record<string, 'camera' | 'screen'>;
  /** `media-publish`: the server's answer, or `null` when it refused. */
  publish: (session: string, offer: SessionDescription, media: Record<string, 'camera' | 'screen'>) => Promise<SessionDescription | null>;
  /** `media-answer`. */
  answer: (answer: SessionDescription) => Promise<void>;
  onTrack: (peerId: number, stream: MediaStream, track: MediaStreamTrack, kind: StreamKind) => void;
  /** What we receive changed (an offer answered): how large we show each picture is told again. */
  onReceiving: () => void;
  /** Either connection failed for good, or the server refused us: start over with a new link. */
  onFailed: () => void;
}

const newSession = () => Math.random().toString(36).slice(2, 12);

export class SfuLink {
  readonly session = newSession();
  readonly publisher: RTCPeerConnection;
  private subscriber: RTCPeerConnection | null = null;
  /** What each section of the receiving connection carries, as the server's last offer named it. */
  private sections: Record<string, ForwardedMedia> = {};
  /** Descriptions change one at a time, in the order they came (per connection, but one queue is enough). */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** The server refused us, or a connection failed: this link is done (the manager opens another). */
  private failed = false;

  constructor(private readonly options: SfuLinkOptions) {
    this.publisher = options.createConnection();
    this.publisher.onnegotiationneeded = () => this.inTurn('a publish', () => this.publish());
    this.watch(this.publisher);
    options.attachLocal(this.publisher);
    options.encryption.protectSending(this.publisher);
  }

  /** The connections we send on, and receive on (once the server offered it). */
  get connections(): RTCPeerConnection[] {
    return this.subscriber ? [this.publisher, this.subscriber] : [this.publisher];
  }

  get receiving(): RTCPeerConnection | null {
    return this.subscriber;
  }

  /** How the path to the server is, from both connections' ICE states. */
  get state(): PeerState {
    const states = this.connections.map((pc) => pc.iceConnectionState);
    if (this.failed || states.includes('failed')) return 'failed';
    if (states.includes('disconnected')) return 'reconnecting';
    return states.every((state) => state === 'connected' || state === 'completed') ? 'connected' : 'connecting';
  }

  /** Who sends us something now (each has a section of the receiving connection). */
  get senders(): number[] {
    return [...new Set(Object.values(this.sections).map((section) => section.userId))];
  }

  /** The section of the receiving connection that carries `kind` from `userId`. */
  midOf(userId: number, kind: StreamKind): string | undefined {
    return Object.entries(this.sections).find(([, section]) => section.userId === userId && section.kind === kind)?.[0];
  }

  private async publish() {
    if (this.closed) return;
    // A camera or share turned on since the last offer brought a sender of its own.
    this.options.encryption.protectSending(this.publisher);
    await this.publisher.setLocalDescription();
    const offer = this.publisher.localDescription;
    if (!offer || offer.type !== 'offer') return;
    const answer = await this.options.publish(this.session, { type: 'offer', sdp: offer.sdp }, this.options.describeMedia(this.publisher));
    if (this.closed) return;
    if (!answer) {
      this.fail();
      return;
    }
    await this.publisher.setRemoteDescription(answer);
  }

  /** `media-offer`: what we receive now. */
  receiveOffer(event: MediaOfferEvent) {
    this.inTurn('a media offer', async () => {
      if (this.closed) return;
      const pc = this.subscriber ?? this.openSubscriber();
      this.sections = event.media;
      await pc.setRemoteDescription(event.offer);
      // New sections came with the offer; their media flows once we answer.
      this.options.encryption.protectReceiving(pc, this.sections);
      await pc.setLocalDescription();
      const answer = pc.localDescription;
      if (answer && !this.closed) await this.options.answer({ type: 'answer', sdp: answer.sdp });
      this.options.onReceiving();
    });
  }

  private openSubscriber() {
    const pc = this.options.createConnection();
    pc.ontrack = ({ streams, track, transceiver }) => {
      const section = this.sections[transceiver.mid ?? ''];
      if (!section) return;
      const stream = streams[0] ?? new MediaStream([track]);
      this.options.onTrack(section.userId, stream, track, section.kind);
    };
    this.watch(pc);
    this.subscriber = pc;
    return pc;
  }

  private watch(pc: RTCPeerConnection) {
    // The server closes a connection that stopped answering: a failed one is not coming back.
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === 'failed') this.fail();
    };
  }

  private fail() {
    if (this.closed) return;
    this.failed = true;
    this.options.onFailed();
  }

  private inTurn(what: string, step: () => Promise<void>) {
    this.queue = this.queue.then(step).catch((error: unknown) => {
      console.warn(`voice: ${what} through the server failed`, error);
    });
  }

  close() {
    this.closed = true;
    for (const pc of this.connections) {
      pc.onnegotiationneeded = null;
      pc.ontrack = null;
      pc.oniceconnectionstatechange = null;
      pc.close();
    }
  }
}
