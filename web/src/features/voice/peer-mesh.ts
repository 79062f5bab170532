// VOICE-2, VOICE-4: one RTCPeerConnection per other participant, negotiated with the "perfect
// negotiation" pattern (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example): either side
// may offer at any time — the first connection, an ICE restart — and when both offer at once
// (glare), the polite side (the higher user id) gives way and the impolite side ignores the
// colliding offer. The newcomer to a room makes the first offer; glare only happens in races.
//
// Each offer and answer also says what the sender sends in each media section (by `mid`: camera or
// screen, VIDEO-1, VIDEO-2; unnamed is the voice): the receiver reads that before the description, so
// each track it gets is known for what it is. (Not by stream id: Chromium may put a reused sender's
// earlier stream id back in a later description.)
//
// Each connection has a random `session`, sent with every signal together with the session it is
// meant for (`target`). A peer whose tab reloaded or whose socket reconnected comes back with a new
// session: its offer replaces our old connection to it, and late signals of old sessions are dropped.

import { clientEvents, type SignalBody, type SignalKind } from '@/lib/events';

/** What a received track is: what the sender named its media section, or (unnamed) its voice. */
export type StreamKind = 'camera' | 'screen' | 'voice';

export type PeerState = 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface PeerMeshOptions {
  myId: number;
  createConnection: () => RTCPeerConnection;
  /** Adds what we send (our microphone, camera, share) to a new connection with `peerId`. */
  attachLocal: (pc: RTCPeerConnection, peerId: number) => void;
  /** What we send in each media section of `pc` (by mid), named in every offer and answer. */
  describeMedia: (pc: RTCPeerConnection) => Record<string, 'camera' | 'screen'>;
  send: (kind: SignalKind, to: number, body: SignalBody) => void;
  onTrack: (peerId: number, stream: MediaStream, track: MediaStreamTrack, kind: StreamKind) => void;
  onPeerState: (peerId: number, state: PeerState | null) => void;
  /** How long a `disconnected` connection may take to come back by itself before an ICE restart. */
  disconnectedGraceMs?: number;
  /** How long a connection may take to connect at all before an ICE restart (and again each time). */
  connectGraceMs?: number;
}

const newSession = () => Math.random().toString(36).slice(2, 12);

class PeerLink {
  readonly session = newSession();
  /** The mesh's count of opened links when this one opened: tells older links from newer ones. */
  generation = 0;
  remoteSession: string | null = null;
  private makingOffer = false;
  private ignoreOffer = false;
  private closed = false;
  /** Signals and restarts, one at a time (see `inTurn`). */
  private queue: Promise<void> = Promise.resolve();
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private earlyCandidates: RTCIceCandidateInit[] = [];
  /** What the peer sends in each media section, as its last description named them. */
  private remoteMedia: Record<string, 'camera' | 'screen'> = {};

  constructor(
    readonly peerId: number,
    readonly pc: RTCPeerConnection,
    private readonly polite: boolean,
    private readonly mesh: PeerMeshOptions,
    /** False while the connection answers a first offer: our track then joins the offered transceiver. */
    private localAttached: boolean,
  ) {
    pc.onnegotiationneeded = () => void this.offer();
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.send(clientEvents.iceCandidate, candidate.toJSON());
    };
    pc.ontrack = ({ streams, track, transceiver }) => {
      const stream = streams[0] ?? new MediaStream([track]);
      mesh.onTrack(peerId, stream, track, this.remoteMedia[transceiver.mid ?? ''] ?? 'voice');
    };
    pc.oniceconnectionstatechange = () => this.watch();
    mesh.onPeerState(peerId, 'connecting');
    if (localAttached) mesh.attachLocal(pc, peerId);
    this.expectConnection();
  }

  /** A connection that never gets going (its ICE stays `new` or `checking`: say the peer's candidates
   * were meant for a connection of ours that a reconnect replaced) is not failed or disconnected, so
   * nothing else would repair it: restart ICE until it connects. */
  private expectConnection() {
    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => {
      const state = this.pc.iceConnectionState;
      if (this.closed || (state !== 'new' && state !== 'checking')) return;
      void this.inTurn('an ICE restart', () => this.startOver());
      this.expectConnection();
    }, this.mesh.connectGraceMs ?? 10_000);
  }

  /** An offer still unanswered is taken back first: it was lost on the way, or ignored in a collision
   * whose other offer was lost, and both sides would otherwise wait for each other for ever. A new
   * offer (with fresh ICE) can only go from `stable`. */
  private async startOver() {
    if (this.closed) return;
    if (this.pc.signalingState === 'have-local-offer') await this.pc.setLocalDescription({ type: 'rollback' });
    this.pc.restartIce();
  }

  private send(kind: SignalKind, body: RTCSessionDescriptionInit | RTCIceCandidateInit) {
    if (this.closed) return;
    const media = kind === clientEvents.iceCandidate ? {} : { media: this.mesh.describeMedia(this.pc) };
    this.mesh.send(kind, this.peerId, { ...body, ...media, session: this.session, target: this.remoteSession });
  }

  private async offer() {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      if (this.pc.localDescription) this.send(clientEvents.webrtcOffer, this.pc.localDescription.toJSON());
    } catch (error) {
      console.warn('voice: could not make an offer', error);
    } finally {
      this.makingOffer = false;
    }
  }

  receive(kind: SignalKind, body: SignalBody) {
    return this.inTurn(`${kind} from ${this.peerId}`, () => this.handle(kind, body));
  }

  /** Signals and restarts change the connection's descriptions: one at a time, in the order they came. */
  private inTurn(what: string, step: () => Promise<void>) {
    this.queue = this.queue.then(step).catch((error: unknown) => {
      console.warn(`voice: ${what} failed`, error);
    });
    return this.queue;
  }

  private async handle(kind: SignalKind, body: SignalBody) {
    if (this.closed) return;
    const { session, target: _target, media, ...payload } = body;
    if (kind === clientEvents.iceCandidate) {
      // A candidate that overtook its description waits for it rather than being lost.
      if (!this.pc.remoteDescription) this.earlyCandidates.push(payload as RTCIceCandidateInit);
      else await this.addCandidate(payload as RTCIceCandidateInit);
      return;
    }
    const description = payload as RTCSessionDescriptionInit;
    const collision = description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    if (session) this.remoteSession = session;
    if (media) this.remoteMedia = media;
    await this.pc.setRemoteDescription(description);
    for (const candidate of this.earlyCandidates.splice(0)) await this.addCandidate(candidate);
    if (description.type === 'offer') {
      if (!this.localAttached) {
        this.localAttached = true;
        this.mesh.attachLocal(this.pc, this.peerId);
      }
      await this.pc.setLocalDescription();
      if (this.pc.localDescription) this.send(clientEvents.webrtcAnswer, this.pc.localDescription.toJSON());
    }
  }

  private async addCandidate(candidate: RTCIceCandidateInit) {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates of an offer we ignored (glare, impolite side) do not fit: expected.
      if (!this.ignoreOffer) throw error;
    }
  }

  /** VOICE-4: a failed connection restarts ICE at once; a disconnected one after a grace period. */
  private watch() {
    const state = this.pc.iceConnectionState;
    clearTimeout(this.restartTimer);
    if (state === 'connected' || state === 'completed') {
      clearTimeout(this.connectTimer);
      this.mesh.onPeerState(this.peerId, 'connected');
    }
    if (state === 'failed') {
      this.mesh.onPeerState(this.peerId, 'reconnecting');
      this.pc.restartIce();
    }
    if (state === 'disconnected') {
      this.mesh.onPeerState(this.peerId, 'reconnecting');
      this.restartTimer = setTimeout(() => {
        if (this.pc.iceConnectionState === 'disconnected') this.pc.restartIce();
      }, this.mesh.disconnectedGraceMs ?? 2000);
    }
  }

  close() {
    this.closed = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.connectTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.close();
    this.mesh.onPeerState(this.peerId, null);
  }
}

export class PeerMesh {
  private links = new Map<number, PeerLink>();
  private opened = 0;

  constructor(private readonly options: PeerMeshOptions) {}

  get peers(): number[] {
    return [...this.links.keys()];
  }

  connection(peerId: number): RTCPeerConnection | undefined {
    return this.links.get(peerId)?.pc;
  }

  /** How many links have been opened so far: a mark to drop only the links older than it. */
  get generation(): number {
    return this.opened;
  }

  /** Opens a fresh connection to `peerId`; adding our microphone to it makes the first offer. */
  connect(peerId: number) {
    this.drop(peerId);
    this.open(peerId, true);
  }

  private open(peerId: number, initiate: boolean) {
    const polite = this.options.myId > peerId;
    const link = new PeerLink(peerId, this.options.createConnection(), polite, this.options, initiate);
    link.generation = ++this.opened;
    this.links.set(peerId, link);
    return link;
  }

  drop(peerId: number) {
    this.links.get(peerId)?.close();
    this.links.delete(peerId);
  }

  dropAll() {
    for (const peerId of [...this.links.keys()]) this.drop(peerId);
  }

  /** Drops the links opened up to `generation`, keeping those opened after it. */
  dropOpenedUpTo(generation: number) {
    for (const [peerId, link] of [...this.links]) if (link.generation <= generation) this.drop(peerId);
  }

  /** A signal from `from`, routed to the connection of its session. */
  receive(kind: SignalKind, from: number, body: SignalBody): Promise<void> {
    let link = this.links.get(from);
    const { session, target } = body;
    const peerStartedOver = Boolean(link?.remoteSession && session && session !== link.remoteSession);
    const forAnOldConnectionOfOurs = Boolean(link && target && target !== link.session);
    if (kind === clientEvents.webrtcOffer && (!link || peerStartedOver)) {
      this.drop(from);
      link = this.open(from, false);
    } else if (!link || peerStartedOver || forAnOldConnectionOfOurs) {
      return Promise.resolve();
    }
    return link.receive(kind, body);
  }
}
