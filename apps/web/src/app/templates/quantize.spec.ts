import { DEFAULT_PALETTE } from '@pixel-wars/protocol';
import { PaletteMatcher, RgbaImage, TRANSPARENT, downscale, fitSize, hexToRgb, quantize, rgbToOklab } from './quantize';

function solid(width: number, height: number, rgba: [number, number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}

describe('quantize', () => {
  it('converts sRGB to OKLab (white L=1, black L=0, grey has no chroma)', () => {
    const white = rgbToOklab(255, 255, 255);
    expect(white[0]).toBeCloseTo(1, 3);
    expect(rgbToOklab(0, 0, 0)[0]).toBeCloseTo(0, 6);
    const grey = rgbToOklab(128, 128, 128);
    expect(Math.abs(grey[1]) + Math.abs(grey[2])).toBeLessThan(1e-3);
  });

  it('maps every palette colour to itself', () => {
    const matcher = new PaletteMatcher(DEFAULT_PALETTE);
    DEFAULT_PALETTE.forEach((hex, index) => expect(matcher.nearest(...hexToRgb(hex))).toBe(index));
  });

  it('picks the perceptually nearest colour, not the nearest in RGB', () => {
    // A dark navy: in RGB it is closest to black, to the eye it is the dark blue.
    const palette = ['#000000', '#2450a4', '#ffffff'];
    const matcher = new PaletteMatcher(palette);
    expect(matcher.nearest(0, 0, 96)).toBe(1);
    const rgbNearest = palette
      .map((hex) => hexToRgb(hex).reduce((sum, c, i) => sum + (c - [0, 0, 96][i]) ** 2, 0))
      .reduce((best, d, i, all) => (d < all[best] ? i : best), 0);
    expect(rgbNearest).toBe(0);
  });

  it('turns alpha below 128 into 255 (transparent) and keeps 128 and above', () => {
    const image: RgbaImage = { width: 3, height: 1, data: new Uint8ClampedArray([255, 0, 0, 0, 255, 0, 0, 127, 255, 255, 255, 128]) };
    const result = quantize(image, DEFAULT_PALETTE, 512);
    expect([...result.pixels]).toEqual([TRANSPARENT, TRANSPARENT, DEFAULT_PALETTE.indexOf('#ffffff')]);
  });

  it('fits the longer side into the maximum and never enlarges', () => {
    expect(fitSize(1024, 512, 512)).toEqual({ width: 512, height: 256 });
    expect(fitSize(300, 2000, 512)).toEqual({ width: 77, height: 512 });
    expect(fitSize(20, 10, 512)).toEqual({ width: 20, height: 10 });
    expect(fitSize(5000, 1, 512)).toEqual({ width: 512, height: 1 });
  });

  it('downscales by area and ignores the colour of transparent pixels', () => {
    // 2×1 → 1×1: opaque red beside transparent black stays red, half opaque.
    const image: RgbaImage = { width: 2, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 0, 0]) };
    const out = downscale(image, 1, 1);
    expect([...out.data]).toEqual([255, 0, 0, 128]);
    const big = quantize(solid(1500, 700, [0, 163, 104, 255]), DEFAULT_PALETTE, 512);
    expect([big.width, big.height]).toEqual([512, 239]);
    expect(big.pixels.every((p) => p === DEFAULT_PALETTE.indexOf('#00a368'))).toBe(true);
  });

  it('quantises a noisy 512×512 image fast enough for the main thread (measured)', () => {
    const data = new Uint8ClampedArray(512 * 512 * 4);
    let seed = 1;
    for (let i = 0; i < data.length; i++) data[i] = ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 255;
    const image = { width: 512, height: 512, data };
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      quantize(image, DEFAULT_PALETTE, 512);
      best = Math.min(best, performance.now() - start);
    }
    console.info(`quantise 512×512 noise: ${best.toFixed(0)} ms`);
    expect(best).toBeLessThan(5000);
  });

  it('downscales a 4000×3000 photo to 512 (measured: the reason for the worker)', () => {
    const data = new Uint8ClampedArray(4000 * 3000 * 4).fill(200);
    const start = performance.now();
    const out = quantize({ width: 4000, height: 3000, data }, DEFAULT_PALETTE, 512);
    console.info(`quantise 4000×3000 → ${out.width}×${out.height}: ${(performance.now() - start).toFixed(0)} ms`);
    expect([out.width, out.height]).toEqual([512, 384]);
  });
});
