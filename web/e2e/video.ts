// Video in the end-to-end tests: a known picture for Chromium's fake camera, and what WebRTC reports
// about the video each page receives.
//
// Screen sharing in headless Chromium: with `--use-fake-ui-for-media-stream` and
// `--use-fake-device-for-media-stream` (the suite's usual switches), `getDisplayMedia` returns a fake
// "monitor" at once, without a picker: 1280×720 natively, scaled to the constraints asked for, with
// sound when asked. `--auto-select-desktop-capture-source=…` and `--auto-accept-this-tab-capture`
// change nothing there (without the fake device switch capture fails with NotReadableError). Stopping
// the track from the page does not fire its `ended` event, as the browser's own "stop sharing" bar
// does: `stopFromBrowserBar` stops it and dispatches `ended`, which is what the bar amounts to.

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export const cameraFile = join(tmpdir(), 'woxly-e2e', 'camera.y4m');
export const CAMERA_WIDTH = 640;
export const CAMERA_HEIGHT = 360;
/** The same picture at 720p: a camera whose browser sends it in three layers (simulcast) through the
 * forwarding server (Chromium makes fewer layers of a smaller picture). */
export const camera720File = join(tmpdir(), 'woxly-e2e', 'camera-720p.y4m');

/** A Y4M file (raw 4:2:0 frames) the fake camera loops: the left half red, the right half blue, so a
 * receiver can tell the picture arrived whole and the right way round. Written by hand: the format is a
 * header line and the planes of each frame, no encoder needed. */
export function makeCameraFile(file = cameraFile, [w, h] = [CAMERA_WIDTH, CAMERA_HEIGHT], frames = 30) {
  mkdirSync(join(tmpdir(), 'woxly-e2e'), { recursive: true });
  // BT.601 of pure red and pure blue.
  const red = { y: 81, u: 90, v: 240 };
  const blue = { y: 41, u: 240, v: 110 };
  const plane = (width: number, height: number, left: number, right: number) => {
    const bytes = Buffer.alloc(width * height);
    for (let row = 0; row < height; row += 1) {
      bytes.fill(left, row * width, row * width + width / 2);
      bytes.fill(right, row * width + width / 2, (row + 1) * width);
    }
    return bytes;
  };
  const frame = Buffer.concat([
    Buffer.from('FRAME\n'),
    plane(w, h, red.y, blue.y),
    plane(w / 2, h / 2, red.u, blue.u),
    plane(w / 2, h / 2, red.v, blue.v),
  ]);
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

export interface InboundVideo {
  /** The remote track's id, as the app's `<video>` elements hold it. */
  trackId: string;
  bytesReceived: number;
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
  framesPerSecond: number;
  /** When the report was made, in ms. */
  timestamp: number;
}

/** Every inbound video of every open peer connection of the page (`inbound-rtp`, kind video). */
export async function inboundVideo(page: Page): Promise<InboundVideo[]> {
  return page.evaluate(async () => {
    const found = [];
    for (const pc of window.__openPcs()) {
      const stats = await pc.getStats();
      for (const report of stats.values()) {
        if (report.type !== 'inbound-rtp' || report.kind !== 'video') continue;
        found.push({
          trackId: report.trackIdentifier ?? '',
          bytesReceived: report.bytesReceived ?? 0,
          framesDecoded: report.framesDecoded ?? 0,
          frameWidth: report.frameWidth ?? 0,
          frameHeight: report.frameHeight ?? 0,
          framesPerSecond: report.framesPerSecond ?? 0,
          timestamp: report.timestamp ?? 0,
        });
      }
    }
    return found;
  });
}

/** The inbound video shown in the tile or stage of `selector`: its stats, found by the track its
 * `<video>` plays; `null` while it shows none. */
export async function videoIn(page: Page, selector: string): Promise<InboundVideo | null> {
  const trackId = await page.evaluate((selector) => {
    const video = document.querySelector<HTMLVideoElement>(`${selector} video`);
    const stream = video?.srcObject;
    return stream instanceof MediaStream ? (stream.getVideoTracks()[0]?.id ?? null) : null;
  }, selector);
  if (!trackId) return null;
  return (await inboundVideo(page)).find((video) => video.trackId === trackId) ?? null;
}

/** Waits until the video in `selector` has decoded more frames than it had, and returns its stats. */
export async function expectFramesGrowing(page: Page, selector: string, timeout = 30_000): Promise<InboundVideo> {
  const { expect } = await import('./app');
  let first: number | null = null;
  let last: InboundVideo | null = null;
  await expect
    .poll(
      async () => {
        last = await videoIn(page, selector);
        if (!last || last.framesDecoded === 0) return false;
        first ??= last.framesDecoded;
        return last.framesDecoded > first + 5 && last.frameWidth > 0;
      },
      { timeout, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return last!;
}

/** The colours at a quarter and three quarters of the way across the middle row of the picture in
 * `selector`'s `<video>`, as `[r, g, b]`; `null` while it shows no picture. */
export async function colours(page: Page, selector: string): Promise<[number[], number[]] | null> {
  return page.evaluate((selector) => {
    const video = document.querySelector<HTMLVideoElement>(`${selector} video`);
    if (!video || video.videoWidth === 0) return null;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(video, 0, 0);
    const at = (x: number) => [...context.getImageData(Math.floor(x), Math.floor(canvas.height / 2), 1, 1).data.slice(0, 3)];
    return [at(canvas.width / 4), at((canvas.width * 3) / 4)] as [number[], number[]];
  }, selector);
}

/** What the browser's "stop sharing" bar does to a share: its video track ends. */
export async function stopFromBrowserBar(page: Page) {
  await page.evaluate(() => {
    for (const track of window.__displayStreams.flatMap((stream) => stream.getVideoTracks())) {
      if (track.readyState === 'ended') continue;
      track.stop();
      track.dispatchEvent(new Event('ended'));
    }
  });
}
