import { paletteToRgb } from '@pixel-wars/protocol';
import { encodePalettePng } from '../snapshots/history/palette-png';
import type { RollbackPixel } from './rollback.service';

/** Longest side of each half of the preview, in image pixels (small areas are scaled up). */
const PREVIEW_SIDE = 256;
const MAX_SCALE = 16;
const SEPARATOR_RGB = [0x80, 0x80, 0x80];

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest rectangle holding every pixel of the plan. */
export function boundsOf(pixels: readonly RollbackPixel[]): Bounds {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (const p of pixels) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * A PNG of the affected area before (left, the live canvas) and after (right) the rollback,
 * scaled up by a whole factor, with a grey bar between. `canvas` is the live bitmap.
 */
export async function renderRollbackPreview(
  pixels: readonly RollbackPixel[],
  canvas: { width: number; pixels: Uint8Array },
  palette: readonly string[],
): Promise<{ png: Buffer; bounds: Bounds; scale: number }> {
  const bounds = boundsOf(pixels);
  const scale = Math.max(1, Math.min(MAX_SCALE, Math.floor(PREVIEW_SIDE / Math.max(bounds.width, bounds.height))));
  const before = new Uint8Array(bounds.width * bounds.height);
  for (let y = 0; y < bounds.height; y++) {
    const start = (bounds.y + y) * canvas.width + bounds.x;
    before.set(canvas.pixels.subarray(start, start + bounds.width), y * bounds.width);
  }
  const after = before.slice();
  for (const p of pixels) after[(p.y - bounds.y) * bounds.width + (p.x - bounds.x)] = p.to;

  const separator = Math.min(palette.length, 255);
  const rgb = new Uint8Array((separator + 1) * 3);
  rgb.set(paletteToRgb([...palette]).subarray(0, separator * 3));
  rgb.set(SEPARATOR_RGB, separator * 3);

  const half = bounds.width * scale;
  const gap = Math.max(2, scale);
  const width = half * 2 + gap;
  const height = bounds.height * scale;
  const image = new Uint8Array(width * height).fill(separator);
  for (let y = 0; y < height; y++) {
    const source = Math.floor(y / scale) * bounds.width;
    const row = y * width;
    for (let x = 0; x < half; x++) {
      const s = source + Math.floor(x / scale);
      image[row + x] = before[s];
      image[row + half + gap + x] = after[s];
    }
  }
  return { png: await encodePalettePng({ width, height, pixels: image }, rgb), bounds, scale };
}
