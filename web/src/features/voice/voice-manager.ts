// The room a tab shows and its voice (VOICE-1…13, PANEL-1…4, SYNC-1): showing a room hears its chat
// without its voice (`open-room`); joining its voice — only when the person chooses it — opens the
// microphone and a peer connection to each other participant, with speaking detection and when audio
// is sent (voice activity or push-to-talk), mute and deafen, each person's volume, connection quality
// and safety codes; the camera and a screen share on the same connections (VIDEO-1…VIDEO-3: a share
// goes only to those who chose to watch it). All of it is rebuilt after the socket reconnects. Plain
// TypeScript: screens read its state through `useVoice`.

import { createStore } from 'zustand/vanilla';
import { clientEvents, serverEvents, type RelayedSignal, type SignalBody, type SignalKind } from '@/lib/events';
import type { VoiceMode } from '@/lib/wire';
import type { SocketManager } from '@/lib/socket';
import type { Participant, Room } from '@/lib/types';
import type { IceServers } from './api/get-ice-servers';
import { readQuality, type ConnectionQuality, type QualityCounters } from './connection-quality';
import { Microphone, type MicrophoneProblem } from './microphone';
import { PeerMesh, type PeerState, type StreamKind } from './peer-mesh';
import { playback } from './playback';
import { PushToTalk } from './push-to-talk';
import { safetyCode } from './safety-code';
import { DEFAULT_SENSITIVITY_DB, type VoiceSettings } from './settings';
import { RoomEncryption } from './e2ee/room-encryption';
import { SfuLink } from './sfu/sfu-link';
import { gateThresholds, SpeakingDetector, thresholdsFor } from './speaking-detector';
import type { ShareQuality } from './video/encoding';
import { openCamera, openScreen, stopStream, type CameraProblem } from './video/local-media';
import { OutgoingVideo, type Share } from './video/outgoing-video';
import { readVideoStats, type VideoCounters, type VideoStats } from './video/video-stats';

/** What one person sends us to see: their camera and their share (while we watch it). */
export interface RemoteVideo {
  camera?: MediaStream;
  screen?: MediaStream;
}

export interface VoiceState {
  /** The room this tab shows. */
  roomId: number | null;
  /** The person chose to be in its voice (VOICE-1): the microphone is open or being asked for, or
   * voice waits for another tab of this browser to let it go. */
  inVoice: boolean;
  /** Why there is no microphone; `null` while the browser asks, and once it is open. */
  microphoneProblem: MicrophoneProblem | null;
  /** Voice is on in another tab of this browser; this one only chats. */
  elsewhere: boolean;
  muted: boolean;
  deafened: boolean;
  speaking: boolean;
  /** VOICE-8: our audio goes out now (speaking, or push-to-talk held, and not muted). */
  transmitting: boolean;
  peers: Record<number, PeerState>;
  /** VOICE-11: per peer, refreshed every second. */
  quality: Record<number, ConnectionQuality>;
  /** VOICE-13: per peer, once both descriptions are set. */
  safetyCodes: Record<number, string>;
  /** Joins of the room acknowledged since entering it: from each, the room's live events reach this
   * connection, so the chat catches up from there (SYNC-3). */
  joins: number;
  /** VIDEO-1: my camera while it is on. */
  camera: MediaStream | null;
  cameraProblem: CameraProblem | null;
  /** VIDEO-2: my share while it is on. */
  share: Share | null;
  /** Whose share I chose to watch; kept while the share pauses (their reconnect), until I close it. */
  watching: number | null;
  /** The others' video as it arrives. */
  remoteVideo: Record<number, RemoteVideo>;
  /** VIDEO-3: per person, their camera's and share's frames, refreshed every second. */
  videoStats: Record<number, { camera?: VideoStats; screen?: VideoStats }>;
  /** VIDEO-4: the room had as many cameras or shares as it holds when we tried. */
  videoLimit: 'camera' | 'share' | null;
  /** VOICE-14: the room's media goes browser to browser, or through the server's forwarding server. */
  voiceMode: VoiceMode;
  /** VOICE-15: through the server, the room's safety code, how many people it covers (us included),
   * and whose key changed while they stayed (compare again); `unsupported` when this browser cannot
   * encrypt frames (and so stays out of the room's media). */
  encryption: { code: string; people: number; changed: number[] } | 'unsupported' | null;
}

const idle: VoiceState = {
  roomId: null,
  inVoice: false,
  microphoneProblem: null,
  elsewhere: false,
  muted: false,
  deafened: false,
  speaking: false,
  transmitting: false,
  peers: {},
  quality: {},
  safetyCodes: {},
  joins: 0,
  camera: null,
  cameraProblem: null,
  share: null,
  watching: null,
  remoteVideo: {},
  videoStats: {},
  videoLimit: null,
  voiceMode: 'mesh',
  encryption: null,
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
/** How long after a failed connection with the forwarding server a new one is tried. */
const SFU_RETRY_MS = 1000;
/** The quality counters' key for our path to the forwarding server (peer ids are positive). */
const FORWARDED_PATH = -1;
const STATS_POLL_MS = 1000;
/** How long after a tile's size changes the server is told (a window being dragged changes it often). */
const VIEWS_AFTER_MS = 250;
const VOICE_LOCK = 'woxly-voice';

export class VoiceManager {
  readonly state = createStore<VoiceState>(() => idle);
  private microphone: Microphone | null = null;
  private mesh: PeerMesh | null = null;
  /** VOICE-14: our two connections with the forwarding server, when the room's media goes through it. */
  private sfu: SfuLink | null = null;
  /** VOICE-15: the frame encryption and media keys of the room through the server, while in its voice. */
  private encryption: Promise<RoomEncryption> | null = null;
  /** Our identity in rooms through the server, made once per tab (as the certificate: the room's
   * safety code stays the same for us while this tab lives). */
  private identity: Promise<CryptoKeyPair> | null = null;
  /** Who else is in the room's voice now, as the room's list shows them: whom keys go to and come from. */
  private present = new Set<number>();
  /** VOICE-14: how tall (device pixels) each camera we receive is shown, by person; told to the server. */
  private shown = new Map<number, number>();
  private viewsTimer: ReturnType<typeof setTimeout> | undefined;
  private myId = 0;
  private listener: JoinListener = { joined: () => {}, refused: () => {} };
  private iceServers: IceServers | null = null;
  private audio = new Map<number, HTMLAudioElement>();
  /** Each share's sound, in an element of its own (deafening silences it with the voices). */
  private shareAudio = new Map<number, HTMLAudioElement>();
  /** The microphone's senders: what speaking and muting switch (never the video's). */
  private micSenders = new WeakSet<RTCRtpSender>();
  private outgoing = new OutgoingVideo();
  private videoCounters = new Map<string, VideoCounters>();
  /** Peers louder than 100 %: their stream through a gain (see playback.ts). */
  private boosts = new Map<number, { source: MediaStreamAudioSourceNode; gain: GainNode }>();
  private output: AudioContext | null = null;
  private detector = new SpeakingDetector();
  /** VOICE-8: when audio is sent. Like the speaking light but opening on the first loud reading: the
   * light waits a moment so that it does not flicker, the sound must not wait (a short word, or
   * readings spaced out on a busy machine, would never be sent). */
  private gate = new SpeakingDetector(gateThresholds(DEFAULT_SENSITIVITY_DB));
  private poll: ReturnType<typeof setInterval> | undefined;
  private statsPoll: ReturnType<typeof setInterval> | undefined;
  private counters = new Map<number, QualityCounters>();
  /** The descriptions each safety code was computed from, so it is computed again only when they change. */
  private codedFrom = new Map<number, string>();
  private pushToTalk: PushToTalk | null = null;
  private talking = false;
  /** One DTLS certificate for every connection of this tab, made once: a new connection then does
   * not wait for a key to be generated (VOICE-4), and the safety code stays the same for a person
   * while this tab lives (VOICE-13). */
  private certificate: RTCCertificate | null = null;
  /** When the ICE servers we hold should be asked for again (half their credentials' lifetime). */
  private iceServersUntil = 0;
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

  /** Showing a room: hear its chat and who is in its voice, without the microphone (VOICE-1). */
  enter(roomId: number, myId: number, listener: JoinListener) {
    if (this.roomId === roomId) return;
    this.exit();
    this.myId = myId;
    this.listener = listener;
    this.present.clear();
    this.set({ ...idle, roomId });
    const { socket } = this.deps;
    this.unsubscribe = [
      socket.on(serverEvents.webrtcOffer, (s) => this.received(serverEvents.webrtcOffer, s, s.offer)),
      socket.on(serverEvents.webrtcAnswer, (s) => this.received(serverEvents.webrtcAnswer, s, s.answer)),
      socket.on(serverEvents.iceCandidate, (s) => this.received(serverEvents.iceCandidate, s, s.candidate)),
      socket.on(serverEvents.mediaOffer, (e) => {
        if (e.roomId === this.roomId) this.sfu?.receiveOffer(e);
      }),
      socket.on(serverEvents.e2eeKey, (e) => {
        // Asked before our join's answer is handled, it is kept for the connections that follow.
        const { key } = e;
        if (e.roomId === this.roomId && key) void this.roomEncryption()?.then((encryption) => encryption.keys.receive(e.from, key));
      }),
      // A newcomer offers to everyone there, from a new session that replaces whatever we had with
      // them. (someone joining is no signal to hang up: when two join at once, the server may tell us
      // after our own join was acknowledged, and we would close the connection we had just offered.)
      socket.on(serverEvents.userJoinedRoom, (e) => {
        if (e.roomId === this.roomId && e.userId !== myId) this.present.add(e.userId);
      }),
      socket.on(serverEvents.userLeftRoom, (e) => {
        if (e.roomId !== this.roomId || e.userId === myId) return;
        this.present.delete(e.userId);
        this.hangUp(e.userId);
        void this.encryption?.then((encryption) => encryption.keys.left(e.userId));
      }),
      // VIDEO-2: who watches our share decides whom we send it to.
      socket.on(serverEvents.userWatchShare, (e) => {
        if (e.roomId !== this.roomId || e.userId === myId) return;
        if (e.watching === myId) this.outgoing.watchers.add(e.userId);
        else this.outgoing.watchers.delete(e.userId);
        this.sendVideo(e.userId);
      }),
      // A share we watch that comes back (its sharer reconnected) is watched again.
      socket.on(serverEvents.userShareToggle, (e) => {
        if (e.roomId === this.roomId && e.isSharing && e.userId === this.state.getState().watching) void this.emitWatch(e.userId);
      }),
      // SYNC-1: after a reconnect, show the room again (and rejoin its voice, rebuilding every connection).
      socket.onState((state) => {
        if (state === 'connected') void this.join();
      }),
    ];
    if (socket.state === 'connected') void this.join();
  }

  /** VOICE-1: into the shown room's voice, by the person's choice: in one tab of this browser at a time,
   * ask for the microphone and connect to everyone there (VOICE-2). */
  joinVoice() {
    const { roomId, inVoice } = this.state.getState();
    if (roomId === null || inVoice) return;
    // Where "joining" starts, for measuring how long until audio flows (the network tests read it).
    performance.mark('woxly:voice-join');
    void this.prepareCertificate();
    this.userMuted = false;
    this.set({ inVoice: true, muted: false, deafened: false });
    this.claimVoice(roomId);
  }

  /** Out of the voice, still showing the room and its chat (VOICE-6). */
  leaveVoice() {
    if (!this.state.getState().inVoice) return;
    this.stopVoice();
    void this.join();
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
      if (this.roomId !== roomId || !this.state.getState().inVoice) return undefined;
      this.startVoice();
      return new Promise<void>((release) => (this.releaseVoice = release));
    };
    void navigator.locks.request(VOICE_LOCK, { ifAvailable: true }, (lock) => {
      if (lock || this.roomId !== roomId) return hold(lock);
      // Voice is on in another tab: chat here (the room is shown already), and wait for our turn.
      this.set({ elsewhere: true });
      void navigator.locks.request(VOICE_LOCK, { signal: abort.signal }, hold).catch(() => {});
      return undefined;
    });
  }

  private startVoice() {
    const settings = this.deps.settings();
    const microphone = new Microphone(settings.inputVolume);
    this.microphone = microphone;
    this.setSensitivity(settings.sensitivityDb);
    void microphone.setNoiseSuppression(settings.noiseSuppression);
    this.setPushToTalk(settings);
    this.mesh = new PeerMesh({
      myId: this.myId,
      createConnection: () => this.createConnection(),
      attachLocal: (pc, peerId) => {
        this.attachMicrophone(pc, microphone);
        this.outgoing.sync(pc, this.outgoing.watchers.has(peerId));
      },
      describeMedia: (pc) => this.outgoing.media(pc),
      send: (kind, to, body) => void this.signal(kind, to, body),
      onTrack: (peerId, stream, track, kind) => this.receivedTrack(peerId, stream, track, kind),
      onPeerState: (peerId, state) => this.setPeer(peerId, state),
    });
    this.set({ elsewhere: false });
    void this.openMicrophone(settings.microphoneId);
    this.poll = setInterval(() => this.detectSpeaking(), SPEAKING_POLL_MS);
    this.statsPoll = setInterval(() => void this.readStats(), STATS_POLL_MS);
    if (this.deps.socket.state === 'connected') void this.join();
  }

  /** Our microphone on a new connection; not sending yet: the track joins when we speak (or press the key). */
  private attachMicrophone(pc: RTCPeerConnection, microphone: Microphone) {
    const sender = pc.addTrack(microphone.track, microphone.stream);
    this.micSenders.add(sender);
    if (!this.state.getState().transmitting) void sender.replaceTrack(null);
  }

  /** Every connection we send on: one per peer, or the one we publish on through the server. */
  private sendingConnections(): RTCPeerConnection[] {
    if (this.sfu) return [this.sfu.publisher];
    const mesh = this.mesh;
    return (mesh?.peers ?? []).flatMap((peerId) => mesh?.connection(peerId) ?? []);
  }

  /** VOICE-14: (again) our two connections with the forwarding server: after each join (a reconnect is a
   * new socket connection, whose media the server does not know), and after a failure. Their frames are
   * encrypted end to end (VOICE-15): without the means to, this browser stays out of the room's media.
   * `ask`: the people there whose media keys we ask for (everyone, after a join). */
  private openSfuLink(ask: number[] = []) {
    const roomId = this.roomId;
    const microphone = this.microphone;
    if (roomId === null || !microphone) return;
    this.sfu?.close();
    this.sfu = null;
    if (!RoomEncryption.supported) {
      this.set({ encryption: 'unsupported' });
      return;
    }
    const encryption = this.roomEncryption();
    void encryption?.then((opened) => {
      if (this.roomId !== roomId || this.microphone !== microphone || this.encryption !== encryption) return;
      this.sfu?.close();
      this.sfu = this.sfuLink(roomId, microphone, opened);
      // Whoever left while we were away is forgotten (and our key changes); the others are asked.
      opened.keys.prune();
      for (const userId of ask) opened.keys.hello(userId);
    });
  }

  /** VOICE-15: the room's encryption while we are in its voice (made the first time it is needed). */
  private roomEncryption(): Promise<RoomEncryption> | null {
    const roomId = this.roomId;
    const throughServer = this.state.getState().voiceMode === 'sfu';
    if (roomId === null || !this.mesh || !throughServer || !RoomEncryption.supported) return null;
    this.encryption ??= this.openEncryption(roomId);
    return this.encryption;
  }

  private async openEncryption(roomId: number) {
    this.identity ??= crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    const { socket } = this.deps;
    const encryption: RoomEncryption = await RoomEncryption.open({
      myId: this.myId,
      identity: await this.identity,
      post: (to, key) =>
        void socket.emit(clientEvents.e2eeKey, { to, roomId, key }).then((ack) => {
          if (!ack.ok && ack.code !== 'not_connected') console.warn(`voice: e2ee-key to ${to} refused: ${ack.code}`);
        }),
      isPresent: (userId) => this.present.has(userId),
      onChange: () => void this.showRoomCode(encryption),
    });
    void this.showRoomCode(encryption);
    return encryption;
  }

  /** VOICE-14: `userId`'s camera is shown `height` device pixels tall (0: not shown). Through the server,
   * it then comes in the layer that fits; told a moment later, once for a burst of resizes. */
  showCamera(userId: number, height: number) {
    if (this.shown.get(userId) === height) return;
    this.shown.set(userId, height);
    clearTimeout(this.viewsTimer);
    this.viewsTimer = setTimeout(() => this.sendViews(), VIEWS_AFTER_MS);
  }

  private sendViews() {
    const roomId = this.roomId;
    const link = this.sfu;
    if (roomId === null || !link) return;
    const views: Record<string, number> = {};
    for (const [userId, height] of this.shown) {
      const mid = link.midOf(userId, 'camera');
      if (mid) views[mid] = Math.round(height);
    }
    void this.deps.socket.emit(clientEvents.mediaView, { roomId, views }).then((ack) => {
      if (!ack.ok && ack.code !== 'not_connected') console.warn(`voice: media-view refused: ${ack.code}`);
    });
  }

  /** VOICE-15: the room's safety code as we see it now. */
  private async showRoomCode(encryption: RoomEncryption) {
    const code = await encryption.keys.code();
    const { people, changed } = encryption.keys;
    if ((await this.encryption) === encryption) this.set({ encryption: { code, people: people.length, changed: [...changed] } });
  }

  private sfuLink(roomId: number, microphone: Microphone, encryption: RoomEncryption): SfuLink {
    const { socket } = this.deps;
    const link: SfuLink = new SfuLink({
      createConnection: () => this.createConnection(),
      attachLocal: (pc) => {
        this.attachMicrophone(pc, microphone);
        // The server forwards a share only to its watchers: it always goes up once; the camera in layers.
        this.outgoing.sync(pc, true, true);
      },
      encryption,
      describeMedia: (pc) => this.outgoing.media(pc),
      publish: async (session, offer, media) => {
        const ack = await socket.emit(clientEvents.mediaPublish, { roomId, session, offer, media });
        if (ack.ok) return ack.answer;
        console.warn(`voice: the forwarding server refused our media: ${ack.code}`);
        return null;
      },
      answer: async (answer) => {
        const ack = await socket.emit(clientEvents.mediaAnswer, { roomId, answer });
        if (!ack.ok) console.warn(`voice: the forwarding server refused our answer: ${ack.code}`);
      },
      onTrack: (peerId, stream, track, kind) => this.receivedTrack(peerId, stream, track, kind),
      onReceiving: () => this.sendViews(),
      onFailed: () => {
        // Started over after a pause, while still in this room's voice through the server.
        setTimeout(() => {
          if (this.sfu === link && this.roomId === roomId) this.openSfuLink();
        }, SFU_RETRY_MS);
      },
    });
    return link;
  }

  /** PANEL-4: leaving the room's page: out of its voice, and it is no longer shown. */
  exit() {
    const roomId = this.roomId;
    if (roomId === null) return;
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    this.stopVoice();
    void this.deps.socket.emit(clientEvents.leaveRoom, roomId);
    this.set(idle);
  }

  /** VOICE-6: stop the microphone and close every connection. */
  private stopVoice() {
    this.stopClaim();
    this.stopClaim = () => {};
    clearInterval(this.poll);
    clearInterval(this.statsPoll);
    this.pushToTalk?.dispose();
    this.pushToTalk = null;
    this.talking = false;
    this.mesh?.dropAll();
    this.mesh = null;
    this.sfu?.close();
    this.sfu = null;
    void this.encryption?.then((encryption) => encryption.close());
    this.encryption = null;
    clearTimeout(this.viewsTimer);
    this.shown.clear();
    for (const peerId of [...this.audio.keys(), ...this.shareAudio.keys()]) this.hangUp(peerId);
    stopStream(this.outgoing.camera);
    stopStream(this.outgoing.share?.stream);
    this.outgoing = new OutgoingVideo();
    this.microphone?.close();
    this.microphone = null;
    void this.output?.close();
    this.output = null;
    this.detector.reset();
    this.gate.reset();
    this.releaseVoice();
    this.releaseVoice = () => {};
    const { roomId, joins } = this.state.getState();
    this.set({ ...idle, roomId, joins });
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
    const notHeld = this.deps.settings().pushToTalk && !this.talking;
    const muted = this.userMuted || deafened || before.microphoneProblem !== null || notHeld;
    this.set({ muted, deafened });
    this.updateTransmission();
    this.updatePlayback();
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
    if (change.noiseSuppression !== undefined) void this.microphone?.setNoiseSuppression(change.noiseSuppression);
    if (change.sensitivityDb !== undefined) this.setSensitivity(change.sensitivityDb);
    if (change.speakerId !== undefined) {
      for (const element of this.audio.values()) void this.routeTo(element, change.speakerId);
      void this.routeTo(this.output, change.speakerId);
    }
    if (change.outputVolume !== undefined || change.peerVolumes !== undefined || change.peerMuted !== undefined) this.updatePlayback();
    if ((change.pushToTalk !== undefined || change.pushToTalkKey !== undefined) && this.microphone) {
      this.setPushToTalk(this.deps.settings());
      void this.apply({});
    }
    if (change.relayOnly !== undefined && this.roomId !== null) void this.join();
    if (change.cameraId !== undefined && this.outgoing.camera) void this.switchCamera(change.cameraId);
  }

  /** VIDEO-1: another camera while ours is on: the new one replaces it for everyone. */
  private async switchCamera(deviceId: string) {
    const opened = await openCamera(deviceId);
    if (typeof opened === 'string') {
      this.set({ cameraProblem: opened });
      return;
    }
    if (!this.outgoing.camera || !this.mesh) {
      stopStream(opened);
      return;
    }
    this.setCamera(opened);
  }

  private setSensitivity(sensitivityDb: number) {
    this.detector.setThresholds(thresholdsFor(sensitivityDb));
    this.gate.setThresholds(gateThresholds(sensitivityDb));
  }

  /** VOICE-8: listens for the push-to-talk key while push-to-talk is on. */
  private setPushToTalk(settings: VoiceSettings) {
    this.pushToTalk?.dispose();
    this.pushToTalk = null;
    this.talking = false;
    if (!settings.pushToTalk) return;
    this.pushToTalk = new PushToTalk(settings.pushToTalkKey, (talking) => {
      this.talking = talking;
      void this.apply({});
    });
  }

  /** VOICE-8: audio goes out only while not muted and the voice is above the sensitivity (the gate)
   * — or, with push-to-talk, while the key is held. Otherwise the senders have no track: nothing is
   * sent at all (not even silence). */
  private updateTransmission() {
    const { muted, transmitting: before } = this.state.getState();
    const transmitting = !muted && (this.deps.settings().pushToTalk || this.gate.isSpeaking);
    if (transmitting === before) return;
    this.set({ transmitting });
    const track = transmitting ? (this.microphone?.track ?? null) : null;
    for (const pc of this.sendingConnections()) {
      for (const sender of pc.getSenders()) {
        if (this.micSenders.has(sender)) void sender.replaceTrack(track).catch(() => {});
      }
    }
  }

  /** VOICE-9, PANEL-2, PANEL-3: each person's element (and boost) from the volumes and mutes. */
  private updatePlayback() {
    const settings = this.deps.settings();
    const { deafened } = this.state.getState();
    for (const [peerId, element] of this.audio) {
      const wanted = playback({
        outputVolume: settings.outputVolume,
        peerVolume: settings.peerVolumes[peerId] ?? 1,
        mutedForMe: settings.peerMuted[peerId] ?? false,
        deafened,
      });
      element.volume = wanted.elementVolume;
      element.muted = wanted.elementMuted;
      this.setBoost(peerId, element.srcObject instanceof MediaStream ? element.srcObject : null, wanted.boost);
    }
    // A share's sound follows the output volume and deafening, not the sharer's voice volume.
    for (const element of this.shareAudio.values()) {
      element.volume = settings.outputVolume;
      element.muted = deafened;
    }
  }

  private setBoost(peerId: number, stream: MediaStream | null, boost: number | null) {
    let path = this.boosts.get(peerId);
    if (boost === null || !stream) {
      path?.source.disconnect();
      path?.gain.disconnect();
      this.boosts.delete(peerId);
      return;
    }
    if (!path || path.source.mediaStream !== stream) {
      path?.source.disconnect();
      this.output ??= new AudioContext({ latencyHint: 'interactive' });
      void this.routeTo(this.output, this.deps.settings().speakerId);
      path = { source: this.output.createMediaStreamSource(stream), gain: path?.gain ?? this.output.createGain() };
      path.source.connect(path.gain).connect(this.output.destination);
      this.boosts.set(peerId, path);
    }
    path.gain.gain.value = boost;
  }

  /** VOICE-9: how loud one person is for me, 0–2, remembered in this browser. */
  setPeerVolume(peerId: number, volume: number) {
    const { peerVolumes, update } = this.deps.settings();
    update({ peerVolumes: { ...peerVolumes, [peerId]: volume } });
    this.updatePlayback();
  }

  /** VOICE-9: silences one person for me only. */
  setPeerMuted(peerId: number, muted: boolean) {
    const { peerMuted, update } = this.deps.settings();
    const next = { ...peerMuted };
    if (muted) next[peerId] = true;
    else delete next[peerId];
    update({ peerMuted: next });
    this.updatePlayback();
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
    // Connections opened from here on answer people who came in (or reconnected) while we join: kept.
    const openedBefore = this.mesh?.generation ?? 0;
    const stopWatching = [
      this.deps.socket.on(serverEvents.userJoinedRoom, (e) => e.roomId === roomId && movedMeanwhile.set(e.userId, true)),
      this.deps.socket.on(serverEvents.userLeftRoom, (e) => e.roomId === roomId && movedMeanwhile.set(e.userId, false)),
    ];
    // Into the voice once this tab has it (its connections are there to answer the offers that follow;
    // before that they would be lost); otherwise only shown (VOICE-1). Both at once: the first
    // connection needs the ICE servers and the participants.
    // The connections are built only from the answer to a join into the voice, by the voice it was
    // for: the answer to a mere showing of the room, arriving once voice has started, must not build
    // them a second time (the join that follows would drop and rebuild them).
    const voiceJoined = this.mesh;
    const event = voiceJoined ? clientEvents.joinRoom : clientEvents.openRoom;
    const [iceServers, answer] = await Promise.all([
      voiceJoined ? this.freshIceServers() : this.iceServers,
      this.deps.socket.emit(event, roomId),
    ]).finally(() => stopWatching.forEach((stop) => stop()));
    this.iceServers = iceServers;
    if (this.roomId !== roomId) return;
    if (!answer.ok) {
      if (answer.code === 'not_found' || answer.code === 'forbidden') this.listener.refused();
      // A conversation that became read-only has no voice: shown, not joined.
      if (answer.code === 'not_friends') this.leaveVoice();
      return;
    }
    // Shown with what the events said; voice connects as the acknowledgement says (someone who
    // entered meanwhile calls us, as everyone entering calls those already there).
    const shown = answer.participants.map((p) => {
      const inRoom = movedMeanwhile.get(p.id);
      return inRoom === undefined ? p : { ...p, isInRoom: inRoom };
    });
    this.listener.joined(answer.room, shown);
    this.present = new Set(shown.filter((p) => p.isInRoom && p.id !== this.myId).map((p) => p.id));
    this.set({ joins: this.state.getState().joins + 1, voiceMode: answer.voiceMode });
    const mesh = this.mesh;
    if (!mesh || mesh !== voiceJoined) return;
    const { muted, deafened, camera, share, watching } = this.state.getState();
    if (deafened) await this.deps.socket.emit(clientEvents.deafenToggle, { roomId, isDeafened: true });
    if (muted) await this.deps.socket.emit(clientEvents.micToggle, { roomId, isMuted: true });
    // VIDEO-1, VIDEO-2: what we showed before a reconnect is shown again; nobody watches our share
    // until they say so again (the server forgot it with us), and a share we watched is watched again.
    this.outgoing.watchers.clear();
    for (const p of answer.participants) if (p.watching === this.myId && p.id !== this.myId) this.outgoing.watchers.add(p.id);
    if (camera) await this.announce('camera', true);
    if (share) await this.announce('share', true);
    if (watching !== null && answer.participants.some((p) => p.id === watching && p.isSharing)) await this.emitWatch(watching);
    // VOICE-14: through the server, two connections with it instead of one per person.
    if (answer.voiceMode === 'sfu') {
      mesh.dropAll();
      this.openSfuLink(answer.participants.filter((p) => p.isInRoom && p.id !== this.myId).map((p) => p.id));
      return;
    }
    this.sfu?.close();
    this.sfu = null;
    void this.encryption?.then((encryption) => encryption.close());
    this.encryption = null;
    // SYNC-1: what we had before this join is rebuilt; someone who already called us meanwhile is not
    // called again (dropping that connection would leave them waiting on a dead one).
    mesh.dropOpenedUpTo(openedBefore);
    for (const participant of answer.participants) {
      const other = participant.isInRoom && participant.id !== this.myId;
      if (other && !mesh.connection(participant.id)) mesh.connect(participant.id);
    }
  }

  /** The ICE servers we hold while their credentials have more than half their life left; asked
   * for again otherwise (each join would otherwise wait for a request). */
  private async freshIceServers(): Promise<IceServers> {
    if (this.iceServers && Date.now() < this.iceServersUntil) return this.iceServers;
    try {
      const servers = await this.deps.getIceServers();
      this.iceServersUntil = Date.now() + (servers.ttl * 1000) / 2;
      return servers;
    } catch (error) {
      console.warn('voice: no ICE servers, trying direct connections only', error);
      return { iceServers: [], ttl: 0 };
    }
  }

  private async prepareCertificate() {
    if (this.certificate && this.certificate.expires > Date.now() + 86_400_000) return;
    this.certificate = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams).catch(() => null);
  }

  private createConnection() {
    return new RTCPeerConnection({
      iceServers: this.iceServers?.iceServers ?? [],
      iceTransportPolicy: this.deps.settings().relayOnly ? 'relay' : 'all',
      ...(this.certificate ? { certificates: [this.certificate] } : {}),
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
    this.outgoing.watchers.delete(peerId);
    this.setRemoteVideo(peerId, 'camera', null);
    this.setRemoteVideo(peerId, 'screen', null);
    this.removeAudioElement(this.shareAudio, peerId);
    this.setBoost(peerId, null, null);
    this.counters.delete(peerId);
    this.codedFrom.delete(peerId);
    this.removeAudioElement(this.audio, peerId);
  }

  private removeAudioElement(elements: Map<number, HTMLAudioElement>, peerId: number) {
    const element = elements.get(peerId);
    if (!element) return;
    element.srcObject = null;
    element.remove();
    elements.delete(peerId);
  }

  private setPeer(peerId: number, state: PeerState | null) {
    const { peers, quality, safetyCodes } = this.state.getState();
    if (state) {
      this.set({ peers: { ...peers, [peerId]: state } });
      return;
    }
    const without = <T>(record: Record<number, T>) => {
      const copy = { ...record };
      delete copy[peerId];
      return copy;
    };
    this.set({ peers: without(peers), quality: without(quality), safetyCodes: without(safetyCodes) });
  }

  /** VOICE-11, VOICE-13: every second, each connection's quality, and its safety code when the
   * descriptions changed (a new connection, an ICE restart keeps the certificates). */
  private async readStats() {
    if (this.sfu) {
      await this.readForwardedStats(this.sfu);
      return;
    }
    const mesh = this.mesh;
    if (!mesh) return;
    const quality: Record<number, ConnectionQuality> = {};
    const videoStats: VoiceState['videoStats'] = {};
    const codes = { ...this.state.getState().safetyCodes };
    for (const peerId of mesh.peers) {
      const pc = mesh.connection(peerId);
      if (!pc) continue;
      const stats = (await pc.getStats().catch(() => null)) as Map<string, Record<string, unknown>> | null;
      if (stats && pc.iceConnectionState !== 'new' && pc.iceConnectionState !== 'checking') {
        const read = readQuality(stats, this.counters.get(peerId) ?? null);
        this.counters.set(peerId, read.counters);
        quality[peerId] = read.quality;
        await this.outgoing.encode(pc, mesh.peers.length, read.quality);
        videoStats[peerId] = this.readVideo(peerId, stats);
      }
      const local = pc.currentLocalDescription?.sdp ?? '';
      const remote = pc.currentRemoteDescription?.sdp ?? '';
      if (local && remote && this.codedFrom.get(peerId) !== local + remote) {
        const code = await safetyCode(local, remote);
        this.codedFrom.set(peerId, local + remote);
        if (code) codes[peerId] = code;
      }
    }
    if (this.mesh !== mesh) return;
    const alive = new Set(mesh.peers);
    for (const peerId of Object.keys(codes).map(Number)) if (!alive.has(peerId)) delete codes[peerId];
    this.set({ quality, safetyCodes: codes, videoStats });
  }

  /** VOICE-14: through the server, everyone we receive from shares one path (ours to the server); each
   * person's video is read from the connection we receive on. No safety codes: the server is in the
   * middle of these connections. */
  private async readForwardedStats(link: SfuLink) {
    const receiving = link.receiving;
    const received = receiving ? ((await receiving.getStats().catch(() => null)) as Map<string, Record<string, unknown>> | null) : null;
    const published = (await link.publisher.getStats().catch(() => null)) as Map<string, Record<string, unknown>> | null;
    const path = received ?? published;
    let pathQuality: ConnectionQuality | null = null;
    if (path) {
      const read = readQuality(path, this.counters.get(FORWARDED_PATH) ?? null);
      this.counters.set(FORWARDED_PATH, read.counters);
      pathQuality = read.quality;
      await this.outgoing.encode(link.publisher, 1, read.quality);
    }
    const peers: Record<number, PeerState> = {};
    const quality: Record<number, ConnectionQuality> = {};
    const videoStats: VoiceState['videoStats'] = {};
    for (const peerId of link.senders) {
      peers[peerId] = link.state;
      if (pathQuality) quality[peerId] = pathQuality;
      if (received) videoStats[peerId] = this.readVideo(peerId, received);
    }
    if (this.sfu !== link) return;
    this.set({ peers, quality, safetyCodes: {}, videoStats });
  }

  /** VIDEO-3: how the camera and the share we get from `peerId` are doing. */
  private readVideo(peerId: number, stats: Map<string, Record<string, unknown>>) {
    const read: { camera?: VideoStats; screen?: VideoStats } = {};
    const video = this.state.getState().remoteVideo[peerId] ?? {};
    for (const kind of ['camera', 'screen'] as const) {
      const track = video[kind]?.getVideoTracks()[0];
      if (!track) continue;
      const got = readVideoStats(stats, track.id, this.videoCounters.get(track.id) ?? null);
      if (!got) continue;
      this.videoCounters.set(track.id, got.counters);
      read[kind] = got.stats;
    }
    return read;
  }

  /** VIDEO-1: the camera on (opened with the chosen device) or off. The room is asked first, so a
   * camera the room has no place for is closed again at once (VIDEO-4). */
  async toggleCamera() {
    const roomId = this.roomId;
    if (roomId === null || !this.mesh) return;
    if (this.outgoing.camera) {
      this.setCamera(null);
      await this.announce('camera', false);
      return;
    }
    const opened = await openCamera(this.deps.settings().cameraId);
    if (typeof opened === 'string') {
      this.set({ cameraProblem: opened });
      return;
    }
    if (this.roomId !== roomId || !this.mesh || !(await this.announce('camera', true))) {
      stopStream(opened);
      return;
    }
    // A camera unplugged or taken by the system turns off as if by the button.
    opened.getVideoTracks()[0]?.addEventListener('ended', () => {
      if (this.outgoing.camera === opened) void this.toggleCamera();
    });
    this.setCamera(opened);
  }

  private setCamera(stream: MediaStream | null) {
    if (this.outgoing.camera !== stream) stopStream(this.outgoing.camera);
    this.outgoing.camera = stream;
    this.set({ camera: stream, cameraProblem: null });
    this.sendVideoToAll();
  }

  /** VIDEO-2: shares what the person picks in the browser's dialog, to whoever chooses to watch. */
  async startShare(quality: ShareQuality) {
    const roomId = this.roomId;
    if (roomId === null || !this.mesh || this.outgoing.share) return;
    const stream = await openScreen(quality, () => void this.stopShare(stream));
    if (!stream) return;
    if (this.roomId !== roomId || !this.mesh || !(await this.announce('share', true))) {
      stopStream(stream);
      return;
    }
    this.outgoing.share = { stream, quality };
    this.set({ share: this.outgoing.share });
    this.sendVideoToAll();
  }

  /** Stops our share (`only`: if it is still that one), by our button or the browser's bar. */
  async stopShare(only?: MediaStream | null) {
    const share = this.outgoing.share;
    if (!share || (only && share.stream !== only)) return;
    stopStream(share.stream);
    this.outgoing.share = null;
    this.outgoing.watchers.clear();
    this.set({ share: null });
    this.sendVideoToAll();
    await this.announce('share', false);
  }

  /** VIDEO-2: watch `userId`'s share (its sender starts sending it to us), or stop watching. */
  async watch(userId: number | null) {
    this.set({ watching: userId });
    const ok = await this.emitWatch(userId);
    if (!ok && userId !== null && this.state.getState().watching === userId) this.set({ watching: null });
  }

  private async emitWatch(userId: number | null) {
    const roomId = this.roomId;
    if (roomId === null || !this.mesh) return false;
    const ack = await this.deps.socket.emit(clientEvents.watchShare, { roomId, userId });
    return ack.ok;
  }

  /** Tells the room our camera or share is on or off; `false` when the room refused it. */
  private async announce(medium: 'camera' | 'share', on: boolean) {
    const roomId = this.roomId;
    if (roomId === null) return false;
    const ack =
      medium === 'camera'
        ? await this.deps.socket.emit(clientEvents.cameraToggle, { roomId, isCameraOn: on })
        : await this.deps.socket.emit(clientEvents.shareToggle, { roomId, isSharing: on });
    if (!ack.ok && ack.code === 'video_limit_reached') this.set({ videoLimit: medium });
    else if (ack.ok && on) this.set({ videoLimit: null });
    return ack.ok;
  }

  dismissVideoLimit() {
    this.set({ videoLimit: null });
  }

  private sendVideo(peerId: number) {
    const pc = this.mesh?.connection(peerId);
    if (pc && !this.sfu) this.outgoing.sync(pc, this.outgoing.watchers.has(peerId));
  }

  private sendVideoToAll() {
    if (this.sfu) this.outgoing.sync(this.sfu.publisher, true, true);
    for (const peerId of this.mesh?.peers ?? []) this.sendVideo(peerId);
  }

  /** A track from `peerId`: their voice, a camera, or a share's picture or sound. */
  private receivedTrack(peerId: number, stream: MediaStream, track: MediaStreamTrack, kind: StreamKind) {
    if (kind === 'voice') {
      if (track.kind === 'audio') this.play(peerId, stream);
      return;
    }
    if (track.kind === 'audio') {
      this.play(peerId, stream, 'share');
      return;
    }
    this.setRemoteVideo(peerId, kind, stream);
    // The sender stopped sending it (camera off, share stopped or no longer watched): the track leaves.
    stream.addEventListener('removetrack', () => {
      if (stream.getVideoTracks().length === 0) this.setRemoteVideo(peerId, kind, null, stream);
    });
  }

  /** Sets (or, with `null`, clears — only `was`, when given) what `peerId` shows us of `kind`. */
  private setRemoteVideo(peerId: number, kind: 'camera' | 'screen', stream: MediaStream | null, was?: MediaStream) {
    const all = this.state.getState().remoteVideo;
    const current = all[peerId] ?? {};
    if (stream === null && (current[kind] === undefined || (was && current[kind] !== was))) return;
    const next: RemoteVideo = { ...current };
    if (stream) next[kind] = stream;
    else delete next[kind];
    const copy = { ...all, [peerId]: next };
    if (!next.camera && !next.screen) delete copy[peerId];
    this.set({ remoteVideo: copy });
  }

  /** The hidden, autoplaying <audio> element of one person's voice or share in `elements`, made the
   * first time. */
  private audioElement(elements: Map<number, HTMLAudioElement>, peerId: number, what: 'voice' | 'share') {
    const made = elements.get(peerId);
    if (made) return made;
    const element = document.createElement('audio');
    element.autoplay = true;
    element.dataset.peer = String(peerId);
    element.dataset.sound = what;
    element.hidden = true;
    document.body.append(element);
    elements.set(peerId, element);
    return element;
  }

  /** A peer's voice, or their share's sound, plays in an <audio> element of its own (remote WebRTC
   * audio only plays in one). */
  private play(peerId: number, stream: MediaStream, what: 'voice' | 'share' = 'voice') {
    const element = this.audioElement(what === 'voice' ? this.audio : this.shareAudio, peerId, what);
    element.srcObject = stream;
    this.updatePlayback();
    void this.routeTo(element, this.deps.settings().speakerId);
    element.play().catch(() => {
      // Autoplay refused (no user gesture yet): the next click anywhere starts it.
      document.addEventListener('click', () => void element.play().catch(() => {}), { once: true });
    });
  }

  /** Plays `target` (a person's element, or the boosted voices' context) on the chosen speakers, where
   * the browser can. */
  private async routeTo(target: HTMLAudioElement | AudioContext | null, speakerId: string) {
    const routable = target as { setSinkId?: (id: string) => Promise<void> } | null;
    await routable?.setSinkId?.(speakerId).catch(() => {});
  }

  /** VOICE-5: only changes are sent. */
  private detectSpeaking() {
    const roomId = this.roomId;
    if (roomId === null || !this.microphone) return;
    const { muted } = this.state.getState();
    const level = muted ? null : this.microphone.level();
    const now = performance.now();
    const gateChange = level === null ? this.gate.reset() : this.gate.update(level, now);
    if (gateChange !== null) this.updateTransmission();
    const change = level === null ? this.detector.reset() : this.detector.update(level, now);
    if (change === null) return;
    this.set({ speaking: change });
    void this.deps.socket.emit(change ? clientEvents.startSpeaking : clientEvents.stopSpeaking, { roomId });
  }
}
