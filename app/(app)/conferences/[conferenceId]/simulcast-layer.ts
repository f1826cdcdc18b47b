/**
 * Which simulcast layer a receiver asks for: the smallest whose width still
 * fills the tile as drawn on this screen (its CSS width times the device pixel
 * ratio), so a two-person call does not pull 1280x720 into a 364 px tile, and a
 * phone's retina tile or a full-screen share still gets detail.
 *
 * The sender's layers are its capture scaled down by 4, 2 and 1 (the camera's
 * encodings), from a 1280-pixel-wide capture. A layer is enough when it is at
 * least 95% of the pixels needed (5% upscaling is invisible; the next
 * layer would double the bandwidth).
 */
/** The camera's three simulcast encodings, lowest first: what the sender sends and the receiver picks from. */
export const CAMERA_ENCODINGS = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
] as const;
/** The camera capture asked for (devices.ts), 16:9. */
export const CAPTURE_WIDTH = 1280;
export const CAPTURE_HEIGHT = 720;
const ENOUGH = 0.95;

export function layerForTile(
  cssWidth: number,
  devicePixelRatio: number,
  captureWidth = CAPTURE_WIDTH,
): number {
  const needed = Math.max(0, cssWidth) * (devicePixelRatio > 0 ? devicePixelRatio : 1);
  for (let layer = 0; layer < CAMERA_ENCODINGS.length; layer++) {
    if (captureWidth / CAMERA_ENCODINGS[layer]!.scaleResolutionDownBy >= needed * ENOUGH) return layer;
  }
  return CAMERA_ENCODINGS.length - 1;
}

/** Before a tile has been measured: by how many camera tiles share the screen. */
export function layerForCount(cameraTiles: number): number {
  return cameraTiles <= 1 ? 2 : cameraTiles <= 4 ? 1 : 0;
}
