// The voice of one room (VOICE-1…6, PANEL-1…4, SYNC-1): the microphone, a peer connection to each
// other participant, speaking detection, mute and deafen, and rebuilding all of it after the socket
// reconnects. Plain TypeScript: screens read its state through `useVoice`.

import { createStore } from 'zustand/vanilla';
import { clientEvents, serverEvents, type RelayedSignal, type SignalBody, type SignalKind } from '@/lib/events';
import type { SocketManager } from '@/lib/socket';
import type { Participant, Room } from '@/lib/types';
import type { IceServers } from './api/get-ice-servers';
import { Microphone, type MicrophoneProblem } from './microphone';
import { PeerMesh, type PeerState } from './peer-mesh';
import type { VoiceSettings } from './settings';
import { SpeakingDetector } from './speaking-detector';

export interface VoiceState {
  roomId: number | null;
  /** Why there is no microphone; `null` while the browser asks, and once it is open. */
  microphoneProblem: MicrophoneProblem | null;
  /** Voice is on in another tab of this browser; this one only chats. */
  elsewhere: boolean;
  muted: boolean;
  deafened: boolean;
  speaking: boolean;
  peers: Record<number, PeerState>;
}

const idle: VoiceState = {
  roomId: null,
  microphoneProblem: null,
  elsewhere: false,
  muted: false,
  deafened: false,
  speaking: false,
  peers: {},
};

export interface VoiceDependencies {
  socket: SocketManager;
  getIceServers: () => Promise<IceServers>;
  settings: () => VoiceSettings;
}

/** What the room's screen hears of each join: the room and its participants, or a refusal (the
 * user was removed, or the room deleted, while the connection was down). */
export interface JoinListener {
  joined: (room: Room, participants: Participant[]) => void;
  refused: () => void;
}

const SPEAKING_POLL_MS = 50;
const VOICE_LOCK = 'woxly-voice';

export class VoiceManager {
  readonly state = createStore<VoiceState>(() => idle);
  private microphone: Microphone | null = null;
  private mesh: PeerMesh | null = null;
  private myId = 0;
  private listener: JoinListener = { joined: () => {}, refused: () => {} };
  private iceServers: IceServers | null = null;
  private audio = new Map<number, HTMLAudioElement>();
  private detector = new SpeakingDetector();
  private poll: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void)[] = [];
  /** Gives up waiting for voice (another tab has it); lets the next tab have voice. */
  private stopClaim = () => {};
  private releaseVoice = () => {};
  /** The user's own mute choice; deafening or a missing microphone also mute. */
  private userMuted = false;

  constructor(private readonly deps: VoiceDependencies) {}

  private get roomId() {
    return this.state.getState().roomId;
  }

  private set(change: Partial<VoiceState>) {
    this.state.setState(change);
  }

  /** Entering a room: join it, and — in one tab of this browser at a time — ask for the microphone
   * and connect to everyone there (VOICE-1, VOICE-2). */
  enter(roomId: number, myId: number, listener: JoinListener) {
    if (this.roomId === roomId) return;
    this.exit();
    this.myId = myId;
    this.listener = listener;
    this.userMuted = false;
    this.set({ ...idle, roomId });
    const { socket } = this.deps;
    this.unsubscribe = [
      socket.on(serverEvents.webrtcOffer, (s) => this.received(serverEvents.webrtcOffer, s, s.offer)),
      socket.on(serverEvents.webrtcAnswer, (s) => this.received(serverEvents.webrtcAnswer, s, s.answer)),
      socket.on(serverEvents.iceCandidate, (s) => this.received(serverEvents.iceCandidate, s, s.candidate)),
      // A newcomer offers to everyone there, from a new session that replaces whatever we had with
      // them. (someone joining is no signal to hang up: when two join at once, the server may tell us
      // after our own join was acknowledged, and we would close the connection we had just offered.)
      socket.on(serverEvents.userLeftRoom, (e) => {
        if (e.roomId === this.roomId && e.userId !== myId) this.hangUp(e.userId);
      }),
      // SYNC-1: after a reconnect, join again and rebuild every connection.
      socket.onState((state) => {
        if (state === 'connected') void this.join();
      }),
    ];
    this.claimVoice(roomId);
  }

  /** Two tabs of one user in a room would both answer every peer (signals go to all the user's tabs
   * there): a Web Lock gives voice to one tab, and to the next one when that tab leaves. */
  private claimVoice(roomId: number) {
    if (!navigator.locks) {
      this.startVoice();
      return;
    }
    const abort = new AbortController();
    this.stopClaim = () => abort.abort();
    const hold = (lock: Lock | null) => {
      if (!lock) return undefined;
      if (this.roomId !== roomId) return undefined;
      this.startVoice();
      return new Promise<void>((release) => (this.releaseVoice = release));
    };
    void navigator.locks.request(VOICE_LOCK, { ifAvailable: true }, (lock) => {
      if (lock || this.roomId !== roomId) return hold(lock);
      // Voice is on in another tab: be in the room for chat, and wait for our turn.
      this.set({ elsewhere: true });
      void this.join();
      void navigator.locks.request(VOICE_LOCK, { signal: abort.signal }, hold).catch(() => {});
      return undefined;
    });
  }

  private startVoice() {
    const settings = this.deps.settings();
    const microphone = new Microphone(settings.inputVolume);
    this.microphone = microphone;
    this.mesh = new PeerMesh({
      myId: this.myId,
      createConnection: () => this.createConnection(),
      attachLocal: (pc) => pc.addTrack(microphone.track, microphone.stream),
      send: (kind, to, body) => void this.signal(kind, to, body),
      onTrack: (peerId, stream) => this.play(peerId, stream),
      onPeerState: (peerId, state) => this.setPeer(peerId, state),
    });
    this.set({ elsewhere: false });
    void this.openMicrophone(settings.microphoneId);
    this.poll = setInterval(() => this.detectSpeaking(), SPEAKING_POLL_MS);
    if (this.deps.socket.state === 'connected') void this.join();
  }

  /** VOICE-6, PANEL-4: stop the microphone, close every connection, tell the room. */
  exit() {
    const roomId = this.roomId;
    if (roomId === null) return;
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    this.stopClaim();
    this.stopClaim = () => {};
    clearInterval(this.poll);
    this.mesh?.dropAll();
    this.mesh = null;
    for (const peerId of [...this.audio.keys()]) this.hangUp(peerId);
    this.microphone?.close();
    this.microphone = null;
    this.detector.reset();
    this.releaseVoice();
    this.releaseVoice = () => {};
    void this.deps.socket.emit(clientEvents.leaveRoom, roomId);
    this.set(idle);
  }

  /** Asks for the microphone again (after the user allowed it in the browser). */
  async openMicrophone(deviceId = this.deps.settings().microphoneId) {
    const microphone = this.microphone;
    if (!microphone) return;
    const problem = await microphone.open(deviceId);
    if (this.microphone !== microphone) return;
    // Without a microphone the user listens and chats; the others see them muted.
    this.set({ microphoneProblem: problem });
    await this.apply({});
  }

  /** PANEL-1. Unmuting while deafened undeafens too (as people know it from Discord). */
  async toggleMute() {
    const { deafened } = this.state.getState();
    if (deafened) await this.apply({ deafened: false, userMuted: false });
    else await this.apply({ userMuted: !this.userMuted });
  }

  /** PANEL-2: deafening silences everyone and mutes the microphone; undeafening restores it. */
  async toggleDeafen() {
    await this.apply({ deafened: !this.state.getState().deafened });
  }

  /** Applies a change of the user's choices and tells the room what changed. */
  private async apply(change: { userMuted?: boolean; deafened?: boolean }) {
    this.userMuted = change.userMuted ?? this.userMuted;
    const before = this.state.getState();
    const deafened = change.deafened ?? before.deafened;
    const muted = this.userMuted || deafened || before.microphoneProblem !== null;
    this.set({ muted, deafened });
    this.microphone?.setMuted(muted);
    for (const element of this.audio.values()) element.muted = deafened;
    const roomId = this.roomId;
    if (roomId === null) return;
    // The server mutes a deafened user itself (PANEL-2); the mic state is told for every other change.
    if (deafened !== before.deafened) await this.deps.socket.emit(clientEvents.deafenToggle, { roomId, isDeafened: deafened });
    if (muted !== before.muted || deafened !== before.deafened) {
      await this.deps.socket.emit(clientEvents.micToggle, { roomId, isMuted: muted });
    }
  }

  /** PANEL-3: settings take effect at once. */
  applySettings(change: Partial<VoiceSettings>) {
    if (change.inputVolume !== undefined) this.microphone?.setVolume(change.inputVolume);
    if (change.microphoneId !== undefined) void this.openMicrophone(change.microphoneId);
    for (const element of this.audio.values()) {
      if (change.outputVolume !== undefined) element.volume = change.outputVolume;
      if (change.speakerId !== undefined) void this.routeTo(element, change.speakerId);
    }
    if (change.relayOnly !== undefined && this.roomId !== null) void this.join();
  }

  /** The microphone's level after the input volume (dBFS), for the level meter. */
  level(): number {
    return this.microphone?.level() ?? -100;
  }

  private async join() {
    const roomId = this.roomId;
    if (roomId === null) return;
    // Someone entering or leaving while the join is on its way is told to this connection before the
    // acknowledgement, whose picture of the room may be older: what those events said is shown.
    const movedMeanwhile = new Map<number, boolean>();
    const stopWatching = [
      this.deps.socket.on(serverEvents.userJoinedRoom, (e) => e.roomId === roomId && movedMeanwhile.set(e.userId, true)),
      this.deps.socket.on(serverEvents.userLeftRoom, (e) => e.roomId === roomId && movedMeanwhile.set(e.userId, false)),
    ];
    // Both at once: the first connection needs the ICE servers and the participants.
    const [iceServers, answer] = await Promise.all([
      this.deps.getIceServers().catch((error: unknown) => {
        console.warn('voice: no ICE servers, trying direct connections only', error);
        return { iceServers: [], ttl: 0 };
      }),
      this.deps.socket.emit(clientEvents.joinRoom, roomId),
    ]).finally(() => stopWatching.forEach((stop) => stop()));
    this.iceServers = iceServers;
    if (this.roomId !== roomId) return;
    if (!answer.ok) {
      if (answer.code === 'not_found' || answer.code === 'forbidden') this.listener.refused();
      return;
    }
    // Shown with what the events said; voice connects as the acknowledgement says (someone who
    // entered meanwhile calls us, as everyone entering calls those already there).
    const shown = answer.participants.map((p) => {
      const inRoom = movedMeanwhile.get(p.id);
      return inRoom === undefined ? p : { ...p, isInRoom: inRoom };
    });
    this.listener.joined(answer.room, shown);
    const mesh = this.mesh;
    if (!mesh) return;
    const { muted, deafened } = this.state.getState();
    if (deafened) await this.deps.socket.emit(clientEvents.deafenToggle, { roomId, isDeafened: true });
    if (muted) await this.deps.socket.emit(clientEvents.micToggle, { roomId, isMuted: true });
    mesh.dropAll();
    for (const participant of answer.participants) {
      if (participant.isInRoom && participant.id !== this.myId) mesh.connect(participant.id);
    }
  }

  private createConnection() {
    return new RTCPeerConnection({
      iceServers: this.iceServers?.iceServers ?? [],
      iceTransportPolicy: this.deps.settings().relayOnly ? 'relay' : 'all',
    });
  }

  private async signal(kind: SignalKind, to: number, body: SignalBody) {
    const roomId = this.roomId;
    const field = { [clientEvents.webrtcOffer]: 'offer', [clientEvents.webrtcAnswer]: 'answer', [clientEvents.iceCandidate]: 'candidate' }[kind];
    const ack = await this.deps.socket.emit(kind, { to, roomId, [field]: body });
    if (!ack.ok && ack.code !== 'not_connected') console.warn(`voice: ${kind} to ${to} refused: ${ack.code}`);
  }

  private received(kind: SignalKind, signal: RelayedSignal, body: SignalBody | undefined) {
    if (signal.roomId !== this.roomId || !body) return;
    void this.mesh?.receive(kind, signal.from, body);
  }

  private hangUp(peerId: number) {
    this.mesh?.drop(peerId);
    const element = this.audio.get(peerId);
    if (element) {
      element.srcObject = null;
      element.remove();
      this.audio.delete(peerId);
    }
  }

  private setPeer(peerId: number, state: PeerState | null) {
    const peers = { ...this.state.getState().peers };
    if (state) peers[peerId] = state;
    else delete peers[peerId];
    this.set({ peers });
  }

  /** A peer's audio plays in an <audio> element of its own (remote WebRTC audio only plays in one). */
  private play(peerId: number, stream: MediaStream) {
    let element = this.audio.get(peerId);
    if (!element) {
      element = document.createElement('audio');
      element.autoplay = true;
      element.dataset.peer = String(peerId);
      element.hidden = true;
      document.body.append(element);
      this.audio.set(peerId, element);
    }
    const settings = this.deps.settings();
    element.srcObject = stream;
    element.volume = settings.outputVolume;
    element.muted = this.state.getState().deafened;
    void this.routeTo(element, settings.speakerId);
    element.play().catch(() => {
      // Autoplay refused (no user gesture yet): the next click anywhere starts it.
      document.addEventListener('click', () => void element.play().catch(() => {}), { once: true });
    });
  }

  private async routeTo(element: HTMLAudioElement, speakerId: string) {
    const routable = element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    await routable.setSinkId?.(speakerId).catch(() => {});
  }

  /** VOICE-5: only changes are sent. */
  private detectSpeaking() {
    const roomId = this.roomId;
    if (roomId === null || !this.microphone) return;
    const { muted } = this.state.getState();
    const change = muted ? this.detector.reset() : this.detector.update(this.microphone.level(), performance.now());
    if (change === null) return;
    this.set({ speaking: change });
    void this.deps.socket.emit(change ? clientEvents.startSpeaking : clientEvents.stopSpeaking, { roomId });
  }
}
