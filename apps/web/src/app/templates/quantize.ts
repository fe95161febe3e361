/**
 * Image → palette indices for templates. Pure functions (no DOM), so they run in a test,
 * on the main thread or in a worker alike.
 *
 * Distance: Euclidean in OKLab. OKLab is close to perceptually uniform (hue and lightness
 * steps weigh as the eye sees them, unlike RGB, which sends dark blues to black and
 * skin tones to grey), costs three cube roots per distinct colour, and for a palette of at
 * most 256 fixed colours CIEDE2000's extra corrections change few choices at ~10× the cost.
 */

/** Template byte of a transparent cell (PROTOCOL §9). */
export const TRANSPARENT = 255;
/** An image pixel with alpha below this becomes transparent. */
export const ALPHA_CUTOFF = 128;

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major, non-premultiplied. */
  data: Uint8ClampedArray | Uint8Array;
}

export interface QuantizedImage {
  width: number;
  height: number;
  /** width × height palette indices, TRANSPARENT for see-through cells. */
  pixels: Uint8Array;
}

export type Lab = [number, number, number];

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** sRGB bytes → OKLab (Björn Ottosson, 2020). */
export function rgbToOklab(r8: number, g8: number, b8: number): Lab {
  const r = linear(r8);
  const g = linear(g8);
  const b = linear(b8);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

export function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
}

/** Finds the nearest palette colour of any sRGB colour, remembering each answer. */
export class PaletteMatcher {
  private readonly labs: Lab[];
  private readonly cache = new Map<number, number>();

  constructor(palette: readonly string[]) {
    if (palette.length === 0 || palette.length > 255) throw new RangeError('palette must have 1..255 colours');
    this.labs = palette.map((hex) => rgbToOklab(...hexToRgb(hex)));
  }

  nearest(r: number, g: number, b: number): number {
    const key = (r << 16) | (g << 8) | b;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const [L, A, B] = rgbToOklab(r, g, b);
    let best = 0;
    let bestDistance = Infinity;
    for (let i = 0; i < this.labs.length; i++) {
      const lab = this.labs[i];
      const d = (lab[0] - L) ** 2 + (lab[1] - A) ** 2 + (lab[2] - B) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    this.cache.set(key, best);
    return best;
  }
}

/** The largest size with the same aspect whose longer side is at most `max` (never enlarges). */
export function fitSize(width: number, height: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Box-filter downscale (every source pixel counts by the area it covers). Colours are
 * averaged weighted by alpha, so transparent pixels do not darken the edges.
 */
export function downscale(image: RgbaImage, width: number, height: number): RgbaImage {
  if (width === image.width && height === image.height) return image;
  const out = new Uint8ClampedArray(width * height * 4);
  const sx = image.width / width;
  const sy = image.height / height;
  const src = image.data;
  for (let ty = 0; ty < height; ty++) {
    const y0 = ty * sy;
    const y1 = y0 + sy;
    for (let tx = 0; tx < width; tx++) {
      const x0 = tx * sx;
      const x1 = x0 + sx;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      let area = 0;
      for (let y = Math.floor(y0); y < Math.min(image.height, Math.ceil(y1)); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(image.width, Math.ceil(x1)); x++) {
          const w = (Math.min(x + 1, x1) - Math.max(x, x0)) * wy;
          const i = (y * image.width + x) * 4;
          const wa = w * src[i + 3];
          r += src[i] * wa;
          g += src[i + 1] * wa;
          b += src[i + 2] * wa;
          a += wa;
          area += w;
        }
      }
      const o = (ty * width + tx) * 4;
      if (a > 0) {
        out[o] = r / a;
        out[o + 1] = g / a;
        out[o + 2] = b / a;
      }
      out[o + 3] = area > 0 ? a / area : 0;
    }
  }
  return { width, height, data: out };
}

/** Downscales to at most `maxSide` and maps every pixel to its nearest palette index. */
export function quantize(image: RgbaImage, palette: readonly string[], maxSide: number): QuantizedImage {
  const size = fitSize(image.width, image.height, maxSide);
  const scaled = downscale(image, size.width, size.height);
  const matcher = new PaletteMatcher(palette);
  const pixels = new Uint8Array(size.width * size.height);
  const data = scaled.data;
  for (let p = 0, i = 0; p < pixels.length; p++, i += 4) {
    pixels[p] = data[i + 3] < ALPHA_CUTOFF ? TRANSPARENT : matcher.nearest(data[i], data[i + 1], data[i + 2]);
  }
  return { width: size.width, height: size.height, pixels };
}
