// VOICE-14: how tall a camera's picture must be to fill the tile it is shown in, which the forwarding
// server picks the camera's layer by. Tiles show pictures with `object-fit: cover`: a picture narrower
// than its tile (a 4:3 camera, a phone held upright, in a 16:9 tile) is cropped top and bottom, so it
// needs more height than the tile has.

/** The picture height (device pixels) that fills a `width` × `height` tile, for a picture of `aspect`
 * (width over height; 16:9 until its first frame says). */
export function neededHeight(width: number, height: number, aspect = 16 / 9): number {
  if (!(aspect > 0) || !Number.isFinite(aspect)) return Math.round(height);
  return Math.round(Math.max(height, width / aspect));
}
