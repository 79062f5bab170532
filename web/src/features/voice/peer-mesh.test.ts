// The negotiation logic against a model of RTCPeerConnection's signaling state machine (jsdom has no
// WebRTC): glare between two first offers, ICE restarts, and peers that start over.
import { describe, expect, it } from 'vitest';
import { clientEvents, type SignalBody, type SignalKind } from '@/lib/events';
import { PeerMesh } from './peer-mesh';

let offers = 0;

/** The parts of RTCPeerConnection the mesh uses, with the standard's signaling rules. */
class FakePeerConnection {
  signalingState: RTCSignalingState = 'stable';
  iceConnectionState: RTCIceConnectionState = 'new';
  localDescription: { type: RTCSdpType; sdp: string; toJSON(): RTCSessionDescriptionInit } | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: { toJSON(): RTCIceCandidateInit } | null }) => void) | null = null;
  ontrack: unknown = null;
  oniceconnectionstatechange: (() => void) | null = null;
  closed = false;
  tracks = 0;
  candidates: RTCIceCandidateInit[] = [];
  restarts = 0;
  private negotiationNeeded = false;
  private pendingIceRestart = false;

  addTrack() {
    this.tracks += 1;
    this.needNegotiation();
  }

  restartIce() {
    this.restarts += 1;
    this.pendingIceRestart = true;
    this.needNegotiation();
  }

  private needNegotiation() {
    this.negotiationNeeded = true;
    setTimeout(() => this.fireNegotiationNeeded(), 0);
  }

  private fireNegotiationNeeded() {
    if (this.negotiationNeeded && this.signalingState === 'stable' && !this.closed) this.onnegotiationneeded?.();
  }

  private describe(type: RTCSdpType, sdp: string) {
    this.localDescription = { type, sdp, toJSON: () => ({ type, sdp }) };
  }

  async setLocalDescription(description?: { type: 'rollback' }) {
    await Promise.resolve();
    if (description?.type === 'rollback') {
      if (this.signalingState !== 'have-local-offer') throw new Error(`rollback in ${this.signalingState}`);
      this.signalingState = 'stable';
      this.localDescription = null;
      // Still to be negotiated: the browser says so again once stable.
      setTimeout(() => this.fireNegotiationNeeded(), 0);
      return;
    }
    if (this.signalingState === 'stable') {
      offers += 1;
      this.describe('offer', `offer-${offers}${this.pendingIceRestart ? '-ice-restart' : ''}`);
      this.signalingState = 'have-local-offer';
    } else if (this.signalingState === 'have-remote-offer') {
      this.describe('answer', `answer-to-${this.remoteDescription?.sdp}`);
      this.settle();
    } else {
      throw new Error(`setLocalDescription in ${this.signalingState}`);
    }
    // A candidate once there is something to gather for.
    setTimeout(() => this.onicecandidate?.({ candidate: { toJSON: () => ({ candidate: `cand-${this.localDescription?.sdp}` }) } }), 0);
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit) {
    await Promise.resolve();
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') this.signalingState = 'stable'; // implicit rollback
      if (this.signalingState !== 'stable') throw new Error(`offer in ${this.signalingState}`);
      this.remoteDescription = description;
      this.signalingState = 'have-remote-offer';
    } else {
      if (this.signalingState !== 'have-local-offer') throw new Error(`answer in ${this.signalingState}`);
      this.remoteDescription = description;
      this.settle();
    }
    // Every description brings the peer's one stream, as a browser's would: `ontrack` during it.
    (this.ontrack as ((event: unknown) => void) | null)?.({ streams: [{ id: 'their-stream' }], track: { kind: 'video' }, transceiver: { mid: '1' } });
  }

  private settle() {
    this.signalingState = 'stable';
    this.negotiationNeeded = false;
    this.pendingIceRestart = false;
  }

  async addIceCandidate(candidate: RTCIceCandidateInit) {
    await Promise.resolve();
    if (!this.remoteDescription) throw new Error('no remote description');
    this.candidates.push(candidate);
  }

  close() {
    this.closed = true;
  }

  setIceState(state: RTCIceConnectionState) {
    this.iceConnectionState = state;
    this.oniceconnectionstatechange?.();
  }
}

interface Wire {
  kind: SignalKind;
  from: number;
  to: number;
  body: SignalBody;
}

/** Users with meshes whose signals go through one queue, delivered in order like the server does. */
class Room {
  meshes = new Map<number, PeerMesh>();
  connections = new Map<number, FakePeerConnection[]>();
  wire: Wire[] = [];
  dropped: Wire[] = [];

  /** `connectGraceMs`: long by default, since these fake connections only connect when told to. */
  /** What each member's `onTrack` was told, as `from:kind`. */
  tracks: string[] = [];
  /** What each member names its media sections. */
  named = new Map<number, Record<string, 'camera' | 'screen'>>();

  join(id: number, connectGraceMs = 60_000) {
    const made: FakePeerConnection[] = [];
    this.connections.set(id, made);
    const mesh = new PeerMesh({
      myId: id,
      createConnection: () => {
        const pc = new FakePeerConnection();
        made.push(pc);
        return pc as unknown as RTCPeerConnection;
      },
      attachLocal: (pc) => (pc as unknown as FakePeerConnection).addTrack(),
      describeMedia: () => this.named.get(id) ?? {},
      send: (kind, to, body) => this.wire.push({ kind, from: id, to, body }),
      onTrack: (peerId, _stream, _track, kind) => this.tracks.push(`${peerId}>${id}:${kind}`),
      onPeerState: () => {},
      disconnectedGraceMs: 5,
      connectGraceMs,
    });
    this.meshes.set(id, mesh);
    return mesh;
  }

  /** Waits until `from` has sent an offer and a candidate for it: what `connect` sends by itself. */
  async sentOffer(from: number) {
    const kinds = () => this.wire.filter((signal) => signal.from === from).map((signal) => signal.kind);
    await expect
      .poll(kinds, { interval: 1, timeout: 5000 })
      .toEqual(expect.arrayContaining([clientEvents.webrtcOffer, clientEvents.iceCandidate]));
  }

  /** Delivers signals until nothing more is sent. */
  async settle() {
    for (let round = 0; round < 200; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const batch = this.wire.splice(0);
      if (batch.length === 0 && round > 5) return;
      for (const signal of batch) await this.meshes.get(signal.to)?.receive(signal.kind, signal.from, signal.body);
    }
    throw new Error('signaling did not settle');
  }

  pc(of: number, to: number) {
    return this.meshes.get(of)?.connection(to) as unknown as FakePeerConnection;
  }

  /** Both sides stable, each holding the other's description of one exchange. */
  expectConnected(a: number, b: number) {
    const ab = this.pc(a, b);
    const ba = this.pc(b, a);
    expect(ab.signalingState).toBe('stable');
    expect(ba.signalingState).toBe('stable');
    const [offerer, answerer] = ab.localDescription?.type === 'offer' ? [ab, ba] : [ba, ab];
    expect(answerer.remoteDescription?.sdp).toBe(offerer.localDescription?.sdp);
    expect(offerer.remoteDescription?.sdp).toBe(`answer-to-${offerer.localDescription?.sdp}`);
    expect(ab.tracks).toBe(1);
    expect(ba.tracks).toBe(1);
  }
}

describe('PeerMesh', () => {
  it('names the media sections in each description, so a track is known as a camera, a screen or the voice', async () => {
    const room = new Room();
    room.named.set(2, { '1': 'screen' });
    room.join(1);
    room.join(2).connect(1);
    await room.settle();
    room.expectConnected(1, 2);
    // 2's offer named its section 1 a screen; 1 named nothing, so what comes from 1 there is its voice.
    expect(room.tracks).toEqual(['2>1:screen', '1>2:voice']);
    // The names travel beside the description, not inside what the connection is given.
    expect(Object.keys(room.pc(1, 2).remoteDescription ?? {})).not.toContain('media');
    expect(room.wire).toHaveLength(0);
  });

  it('connects a newcomer who offers to the one already there, with one offer and one answer', async () => {
    const room = new Room();
    room.join(1);
    room.join(2).connect(1);
    await room.settle();
    room.expectConnected(1, 2);
    expect(room.connections.get(1)).toHaveLength(1);
    expect(room.pc(1, 2).candidates.length).toBeGreaterThan(0);
  });

  it('resolves glare when both offer at once: the polite side (higher id) gives way', async () => {
    const room = new Room();
    room.join(1).connect(2);
    room.join(2).connect(1);
    await room.settle();
    room.expectConnected(1, 2);
    // The impolite side's offer won: user 2 answered it.
    expect(room.pc(1, 2).localDescription?.type).toBe('offer');
    expect(room.pc(2, 1).localDescription?.type).toBe('answer');
    expect(room.connections.get(1)).toHaveLength(1);
    expect(room.connections.get(2)).toHaveLength(1);
  });

  it('connects every pair of three who arrive one after another', async () => {
    const room = new Room();
    room.join(3);
    room.join(1).connect(3);
    await room.settle();
    const two = room.join(2);
    two.connect(1);
    two.connect(3);
    await room.settle();
    room.expectConnected(1, 3);
    room.expectConnected(2, 1);
    room.expectConnected(2, 3);
  });

  it('restarts ICE when a connection fails, and after a grace period when it stays disconnected', async () => {
    const room = new Room();
    room.join(1);
    room.join(2).connect(1);
    await room.settle();
    room.pc(2, 1).setIceState('failed');
    await room.settle();
    expect(room.pc(2, 1).restarts).toBe(1);
    expect(room.pc(1, 2).remoteDescription?.sdp).toMatch(/ice-restart$/);
    room.expectConnected(1, 2);

    room.pc(1, 2).setIceState('disconnected');
    room.pc(1, 2).setIceState('connected');
    await room.settle();
    expect(room.pc(1, 2).restarts).toBe(0);
    room.pc(1, 2).setIceState('disconnected');
    await room.settle();
    expect(room.pc(1, 2).restarts).toBe(1);
    room.expectConnected(1, 2);
  });

  it('restarts ICE on a connection that never gets going, until it connects', async () => {
    const room = new Room();
    room.join(1, 20);
    room.join(2, 20).connect(1);
    await room.settle();
    // Offer and answer went through, but ICE never leaves `new` (no usable candidate arrived).
    await expect.poll(() => room.pc(2, 1).restarts, { interval: 10, timeout: 2000 }).toBeGreaterThanOrEqual(1);
    await room.settle();
    expect(room.pc(1, 2).remoteDescription?.sdp).toMatch(/ice-restart$/);
    room.pc(2, 1).setIceState('connected');
    room.pc(1, 2).setIceState('connected');
    const restarts = room.pc(2, 1).restarts;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(room.pc(2, 1).restarts).toBe(restarts);
  });

  it('takes back an offer that was lost and offers again, rather than both sides waiting for ever', async () => {
    const room = new Room();
    // The grace is long enough that the two offers are seen waiting, however busy the machine, before
    // the safety net takes them back.
    const [two, three] = [room.join(2, 500), room.join(3, 500)];
    // User 2's offer (and its candidates) reach user 3 before user 3 listens: lost.
    two.connect(3);
    await room.sentOffer(2);
    room.dropped.push(...room.wire.splice(0));
    expect(room.dropped.map((signal) => signal.kind)).toContain(clientEvents.webrtcOffer);
    // User 3 then offers; user 2, impolite and with an offer out, ignores it as a collision.
    three.connect(2);
    await room.settle();
    expect(room.pc(2, 3).signalingState).toBe('have-local-offer');
    expect(room.pc(3, 2).signalingState).toBe('have-local-offer');
    // Once the connection is overdue, the unanswered offers are taken back and made again.
    await expect.poll(async () => {
      await room.settle();
      return room.pc(2, 3).signalingState === 'stable' && room.pc(3, 2).signalingState === 'stable';
    }, { interval: 10, timeout: 10_000 }).toBe(true);
    room.expectConnected(2, 3);
    expect(room.connections.get(2)).toHaveLength(1);
  });

  it('replaces the connection to a peer who starts over, and drops late signals of the old one', async () => {
    const room = new Room();
    const one = room.join(1);
    const two = room.join(2);
    two.connect(1);
    await room.settle();
    const before = room.pc(1, 2);

    // User 2 reconnects: a new mesh (new sessions) offers again.
    const stale: Wire = { kind: clientEvents.iceCandidate, from: 2, to: 1, body: { candidate: 'late', session: 'gone', target: null } };
    two.dropAll();
    room.join(2).connect(1);
    await room.settle();
    expect(before.closed).toBe(true);
    expect(room.pc(1, 2)).not.toBe(before);
    room.expectConnected(1, 2);
    const count = room.pc(1, 2).candidates.length;
    await one.receive(stale.kind, stale.from, stale.body);
    expect(room.pc(1, 2).candidates).toHaveLength(count);
  });

  it('ignores an answer meant for a connection it has closed', async () => {
    const room = new Room();
    const one = room.join(1);
    room.join(2);
    one.connect(2);
    await room.sentOffer(1);
    const [firstOffer] = room.wire.splice(0);
    expect(firstOffer?.kind).toBe(clientEvents.webrtcOffer);
    one.connect(2); // started over before the answer came
    await room.sentOffer(1);
    expect(room.pc(1, 2).signalingState).toBe('have-local-offer');
    // An answer to the first offer, arriving late, must not be taken as the answer to the new one.
    await one.receive(clientEvents.webrtcAnswer, 2, { type: 'answer', sdp: 'late', session: 'old', target: firstOffer?.body.session });
    expect(room.pc(1, 2).remoteDescription).toBeNull();
    await room.settle();
    room.expectConnected(1, 2);
  });

  it('keeps a candidate that overtakes its answer until the answer is applied', async () => {
    const room = new Room();
    room.join(1);
    const two = room.join(2);
    two.connect(1);
    await room.sentOffer(2);
    const pc = room.pc(2, 1);
    expect(pc.signalingState).toBe('have-local-offer');
    const session = room.wire.splice(0)[0]?.body.session;
    await two.receive(clientEvents.iceCandidate, 1, { candidate: 'early', session: 'anna', target: session });
    expect(pc.candidates).toEqual([]);
    await two.receive(clientEvents.webrtcAnswer, 1, { type: 'answer', sdp: 'answer', session: 'anna', target: session });
    expect(pc.signalingState).toBe('stable');
    expect(pc.candidates).toEqual([{ candidate: 'early' }]);
  });

  it('a rebuild drops only the connections older than its mark: one a newcomer opened meanwhile stays', async () => {
    const room = new Room();
    const one = room.join(1);
    room.join(3).connect(1);
    await room.settle();
    const old = room.pc(1, 3);
    // User 1 starts rejoining (say after a reconnect); meanwhile user 2 comes in and calls.
    const mark = one.generation;
    room.join(2).connect(1);
    await room.settle();
    one.dropOpenedUpTo(mark);
    expect(old.closed).toBe(true);
    expect(one.connection(3)).toBeUndefined();
    room.expectConnected(1, 2);
  });

  it('closes every connection on leave', async () => {
    const room = new Room();
    room.join(2);
    room.join(3);
    const one = room.join(1);
    one.connect(2);
    one.connect(3);
    await room.settle();
    const pcs = room.connections.get(1) ?? [];
    one.dropAll();
    expect(pcs.every((pc) => pc.closed)).toBe(true);
    expect(one.peers).toEqual([]);
  });
});
