// VIDEO-1…VIDEO-3: what video each peer connection sends. The camera goes to everyone in the voice, a
// share only to the people watching it (the server tells who); each time that changes, the tracks are
// added to or removed from that person's connection, which renegotiates by itself (perfect
// negotiation). Every offer and answer names our streams (`streams`), so the other side knows a
// camera from a screen. Each sender's encoding follows `encodingFor`.

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
  /** The senders this module added, so the microphone's are never touched here (and ours never there). */
  private readonly senders = new WeakSet<RTCRtpSender>();

  /** Our streams by id, as every offer and answer names them. */
  streams(): Record<string, VideoKind> {
    const named: Record<string, VideoKind> = {};
    if (this.camera) named[this.camera.id] = 'camera';
    if (this.share) named[this.share.stream.id] = 'screen';
    return named;
  }

  isOurs(sender: RTCRtpSender) {
    return this.senders.has(sender);
  }

  /** Makes `pc` send `peerId` what they should get: the camera, and our share if they watch it. */
  sync(peerId: number, pc: RTCPeerConnection) {
    if (pc.signalingState === 'closed') return;
    const wanted = new Map<MediaStreamTrack, MediaStream>();
    for (const track of this.camera?.getTracks() ?? []) wanted.set(track, this.camera!);
    if (this.share && this.watchers.has(peerId)) for (const track of this.share.stream.getTracks()) wanted.set(track, this.share.stream);
    for (const sender of pc.getSenders()) {
      if (!this.senders.has(sender)) continue;
      if (sender.track && wanted.has(sender.track)) wanted.delete(sender.track);
      else {
        pc.removeTrack(sender);
        this.senders.delete(sender);
      }
    }
    for (const [track, stream] of wanted) this.senders.add(pc.addTrack(track, stream));
  }

  /** VIDEO-3: each video sender's encoding for the room's size now and the path to `peerId`. */
  async encode(pc: RTCPeerConnection, peers: number, quality: { lossPercent: number; rttMs: number | null } | undefined) {
    const weak = isWeak(quality);
    for (const sender of pc.getSenders()) {
      if (!this.senders.has(sender) || sender.track?.kind !== 'video') continue;
      if (this.share && this.share.stream.getVideoTracks().includes(sender.track)) {
        const encoding = encodingFor('screen', this.share.quality, { viewers: this.watchers.size, weak });
        await applyEncoding(sender, encoding, shareHints(this.share.quality).degradationPreference);
      } else {
        await applyEncoding(sender, encodingFor('camera', 'text', { viewers: peers, weak }));
      }
    }
  }
}
