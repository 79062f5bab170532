// VIDEO-1, VIDEO-2: the camera and the screen share, as the browser gives them. A share's quality is
// told to the encoder through the track's `contentHint`; the browser's own "stop sharing" bar ends the
// track, which the caller hears through `onEnded`.

import { shareHints, type ShareQuality } from './encoding';

/** Why there is no camera: refused, absent, or busy elsewhere. */
export type CameraProblem = 'denied' | 'missing' | 'unavailable';

export const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30 },
};

/** Opens a camera (`''`: the default one). */
export async function openCamera(deviceId: string): Promise<MediaStream | CameraProblem> {
  if (!navigator.mediaDevices?.getUserMedia) return 'unavailable';
  try {
    return await navigator.mediaDevices.getUserMedia({
      video: { ...CAMERA_CONSTRAINTS, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) },
    });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
    if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
    return 'unavailable';
  }
}

/** Asks the browser for a screen, a window or a tab, with its sound where offered; `null` when the
 * person cancels the browser's picker (or the browser cannot share). */
export async function openScreen(quality: ShareQuality, onEnded: () => void): Promise<MediaStream | null> {
  if (!navigator.mediaDevices?.getDisplayMedia) return null;
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({
      video: { width: { ideal: 1920, max: 1920 }, height: { ideal: 1080, max: 1080 }, frameRate: quality === 'text' ? { ideal: 15, max: 15 } : { ideal: 60, max: 60 } },
      audio: true,
    });
    const { contentHint } = shareHints(quality);
    for (const track of stream.getVideoTracks()) track.contentHint = contentHint;
    // The share ends with its picture: from our "stop" or from the browser's bar.
    stream.getVideoTracks()[0]?.addEventListener('ended', onEnded, { once: true });
    return stream;
  } catch {
    return null;
  }
}

export function stopStream(stream: MediaStream | null | undefined) {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
