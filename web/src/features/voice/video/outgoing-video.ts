// VIDEO-1…VIDEO-3: what video each peer connection sends. The camera goes to everyone in the voice, a
// share only to the people watching it (the server tells who; through the forwarding server it goes up
// once and the server passes it on to them); each time that changes, the tracks are
// added to or removed from that person's connection, which renegotiates by itself (perfect
// negotiation). Every offer and answer says what we send in each media section (`media`, by mid), so
// the other side knows a camera from a screen. Each sender's encoding follows `encodingFor` — but a
// camera sent to the forwarding server goes up in three layers (simulcast: a quarter, half and the
// whole picture), of which the server gives each receiver the one that fits how large they show it.

/** The camera's layers through the forwarding server, smallest first (RTP stream ids as the server
 * knows them). */
export const CAMERA_LAYERS: RTCRtpEncodingParameters[] = [
  { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150_000, maxFramerate: 15 },
  { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 500_000, maxFramerate: 30 },
  { rid: 'h', scaleResolutionDownBy: 1, maxBitrate: 1_500_000, maxFramerate: 30 },
];

import { applyEncoding, encodingFor, isWeak, shareHints, type ShareQuality, type VideoKind } from './encoding';

export interface Share {
  stream: MediaStream;
  quality: ShareQuality;
}

export class OutgoingVideo {
  camera: MediaStream | null = null;
  share: Share | null = null;
  /** Who watches our share. */
  readonly watchers = new Set<number>();
  /** The senders this module added, so the microphone's are never touched here (and ours never there),
   * with the track each is given now (`null`: free to be given another, without a new transceiver). */
  private readonly senders = new WeakMap<RTCRtpSender, MediaStreamTrack | null>();
  /** Senders made with the camera's layers: only a camera goes in one of them, and it keeps its layers. */
  private readonly layered = new WeakSet<RTCRtpSender>();

  /** What we send in each media section of `pc`, by mid, as every offer and answer names it. */
  media(pc: RTCPeerConnection): Record<string, VideoKind> {
    const named: Record<string, VideoKind> = {};
    for (const { mid, sender } of pc.getTransceivers()) {
      const track = this.senders.get(sender);
      if (!mid || !track) continue;
      named[mid] = this.camera?.getTracks().includes(track) ? 'camera' : 'screen';
    }
    return named;
  }

  isOurs(sender: RTCRtpSender) {
    return this.senders.has(sender);
  }

  /** Makes `pc` send what its other end should get: the camera (in layers when `layered`: to the
   * forwarding server), and our share when `withShare` (a peer who watches it; the forwarding server,
   * which passes it on only to watchers). A track
   * that stops going out leaves its transceiver free for the next one of its kind, so turning a camera
   * on and off for an hour does not grow the connection's description (each new transceiver is a
   * section of every offer, and an offer must fit a socket message). */
  sync(pc: RTCPeerConnection, withShare: boolean, layered = false) {
    if (pc.signalingState === 'closed') return;
    const wanted = new Map<MediaStreamTrack, MediaStream>();
    for (const track of this.camera?.getTracks() ?? []) wanted.set(track, this.camera!);
    if (this.share && withShare) for (const track of this.share.stream.getTracks()) wanted.set(track, this.share.stream);
    const free: RTCRtpTransceiver[] = [];
    for (const transceiver of pc.getTransceivers()) {
      const { sender } = transceiver;
      if (!this.senders.has(sender) || transceiver.currentDirection === 'stopped') continue;
      const track = this.senders.get(sender) ?? null;
      if (track && wanted.has(track)) wanted.delete(track);
      else {
        if (track) pc.removeTrack(sender);
        this.senders.set(sender, null);
        free.push(transceiver);
      }
    }
    for (const [track, stream] of wanted) {
      const inLayers = layered && track.kind === 'video' && stream === this.camera;
      const reused = free.findIndex(
        (transceiver) => transceiver.receiver.track.kind === track.kind && this.layered.has(transceiver.sender) === inLayers,
      );
      if (reused < 0) {
        const sender = inLayers
          ? pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream], sendEncodings: CAMERA_LAYERS }).sender
          : pc.addTrack(track, stream);
        this.senders.set(sender, track);
        if (inLayers) this.layered.add(sender);
        continue;
      }
      const [transceiver] = free.splice(reused, 1) as [RTCRtpTransceiver];
      this.senders.set(transceiver.sender, track);
      transceiver.sender.setStreams(stream);
      transceiver.direction = 'sendrecv';
      void transceiver.sender.replaceTrack(track).catch((error: unknown) => console.warn('video: could not send a track', error));
    }
  }

  /** VIDEO-3: each video sender's encoding for the room's size now and the path to `peerId`. */
  async encode(pc: RTCPeerConnection, peers: number, quality: { lossPercent: number; rttMs: number | null } | undefined) {
    const weak = isWeak(quality);
    for (const sender of pc.getSenders()) {
      // Layers keep the encodings they were made with: the server picks among them per receiver.
      if (!this.senders.get(sender) || sender.track?.kind !== 'video' || this.layered.has(sender)) continue;
      if (this.share && this.share.stream.getVideoTracks().includes(sender.track)) {
        const encoding = encodingFor('screen', this.share.quality, { viewers: this.watchers.size, weak });
        await applyEncoding(sender, encoding, shareHints(this.share.quality).degradationPreference);
      } else {
        await applyEncoding(sender, encodingFor('camera', 'text', { viewers: peers, weak }));
      }
    }
  }
}
