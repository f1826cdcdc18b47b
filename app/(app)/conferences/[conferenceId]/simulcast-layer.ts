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
export const SCALE_DOWN_BY = [4, 2, 1] as const;
export const CAPTURE_WIDTH = 1280;
const ENOUGH = 0.95;

export function layerForTile(
  cssWidth: number,
  devicePixelRatio: number,
  captureWidth = CAPTURE_WIDTH,
): number {
  const needed = Math.max(0, cssWidth) * (devicePixelRatio > 0 ? devicePixelRatio : 1);
  for (let layer = 0; layer < SCALE_DOWN_BY.length; layer++) {
    if (captureWidth / SCALE_DOWN_BY[layer]! >= needed * ENOUGH) return layer;
  }
  return SCALE_DOWN_BY.length - 1;
}

/** Before a tile has been measured: by how many camera tiles share the screen. */
export function layerForCount(cameraTiles: number): number {
  return cameraTiles <= 1 ? 2 : cameraTiles <= 4 ? 1 : 0;
}
