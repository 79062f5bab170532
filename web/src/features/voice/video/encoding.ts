// VIDEO-3: what each video sender may spend, by what it sends, to how many, and how the path to that
// person is doing. Peer to peer every viewer costs the sender one more upload, so a camera grows
// smaller and slower as the room grows; a share in "text" mode keeps its full resolution and gives up
// frame rate, in "motion" mode it keeps the frame rate and gives up resolution. The numbers are what a
// home connection's upload (a few Mbit/s) carries beside the voice; docs/benchmarks.md measures them.

/** What a video stream of ours is. */
export type VideoKind = 'camera' | 'screen';

/** A share's quality: sharp text (documents, code) or smooth motion (games, films). */
export type ShareQuality = 'text' | 'motion';

export interface SendConditions {
  /** How many people receive this stream from us. */
  viewers: number;
  /** The path to this person loses packets or is slow (see `isWeak`). */
  weak: boolean;
}

/** The fields of `RTCRtpEncodingParameters` we set. */
export interface Encoding {
  maxBitrate: number;
  maxFramerate: number;
  scaleResolutionDownBy: number;
}

/** What a camera sends to each viewer, by how many there are: 720p for one, down to 360p at 15 fps. */
const CAMERA: Encoding[] = [
  { maxBitrate: 1_200_000, maxFramerate: 30, scaleResolutionDownBy: 1 },
  { maxBitrate: 800_000, maxFramerate: 30, scaleResolutionDownBy: 1.5 },
  { maxBitrate: 500_000, maxFramerate: 24, scaleResolutionDownBy: 2 },
  { maxBitrate: 350_000, maxFramerate: 15, scaleResolutionDownBy: 2 },
];

/** Total upload a share may take, spread over its viewers, within a floor and a ceiling per viewer. */
const SHARE_BUDGET = { text: 6_000_000, motion: 8_000_000 } as const;
const SHARE_PER_VIEWER = { text: [600_000, 2_500_000], motion: [1_000_000, 4_000_000] } as const;

export function encodingFor(kind: VideoKind, quality: ShareQuality, { viewers, weak }: SendConditions): Encoding {
  const count = Math.max(1, viewers);
  if (kind === 'camera') {
    const base = CAMERA[Math.min(count, CAMERA.length) - 1] ?? CAMERA[0]!;
    if (!weak) return { ...base };
    return { maxBitrate: Math.round(base.maxBitrate / 2), maxFramerate: 15, scaleResolutionDownBy: base.scaleResolutionDownBy * 2 };
  }
  const [floor, ceiling] = SHARE_PER_VIEWER[quality];
  const bitrate = Math.min(ceiling, Math.max(floor, Math.round(SHARE_BUDGET[quality] / count)));
  if (quality === 'text') {
    // Sharp text: full resolution always; fewer frames when the room grows or the path weakens.
    return { maxBitrate: weak ? Math.round(bitrate / 2) : bitrate, maxFramerate: weak ? 5 : count > 3 ? 10 : 15, scaleResolutionDownBy: 1 };
  }
  return {
    maxBitrate: weak ? Math.round(bitrate / 2) : bitrate,
    maxFramerate: weak || count > 2 ? 30 : 60,
    scaleResolutionDownBy: weak ? 1.5 : 1,
  };
}

/** A path is weak when it loses more than 5 % of its packets or takes more than 400 ms there and back. */
export function isWeak(quality: { lossPercent: number; rttMs: number | null } | undefined): boolean {
  if (!quality) return false;
  return quality.lossPercent > 5 || (quality.rttMs ?? 0) > 400;
}

/** What the browser is told for a share: `contentHint` and which it gives up first under pressure. */
export function shareHints(quality: ShareQuality): { contentHint: string; degradationPreference: RTCDegradationPreference } {
  return quality === 'text'
    ? { contentHint: 'text', degradationPreference: 'maintain-resolution' }
    : { contentHint: 'motion', degradationPreference: 'maintain-framerate' };
}

/** Sets `encoding` on a sender's first encoding, if it differs from what is set. */
export async function applyEncoding(sender: RTCRtpSender, encoding: Encoding, degradation?: RTCDegradationPreference) {
  const parameters = sender.getParameters();
  const [first] = parameters.encodings;
  if (!first) return;
  const same = first.maxBitrate === encoding.maxBitrate && first.maxFramerate === encoding.maxFramerate && first.scaleResolutionDownBy === encoding.scaleResolutionDownBy;
  if (same) return;
  Object.assign(first, encoding);
  if (degradation) (parameters as RTCRtpSendParameters & { degradationPreference?: RTCDegradationPreference }).degradationPreference = degradation;
  await sender.setParameters(parameters).catch((error: unknown) => console.warn('video: could not set the encoding', error));
}
