import { DEFAULT_PALETTE, paletteToRgb } from '@pixel-wars/protocol';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodePalettePng } from './palette-png';

const rgbOf = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

describe('encodePalettePng', () => {
  it('writes an indexed PNG that a decoder reads back pixel for pixel', async () => {
    const width = 37;
    const height = 11;
    const pixels = new Uint8Array(width * height).fill(31);
    pixels[5 * width + 20] = 2;
    pixels[0] = 27;
    pixels[width * height - 1] = 12;
    const png = await encodePalettePng({ width, height, pixels }, paletteToRgb(DEFAULT_PALETTE));

    expect(png[25]).toBe(3); // IHDR colour type: indexed
    const decoded = PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    const at = (x: number, y: number) => [...decoded.data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
    expect(at(20, 5)).toEqual([...rgbOf(DEFAULT_PALETTE[2]), 255]);
    expect(at(0, 0)).toEqual([...rgbOf(DEFAULT_PALETTE[27]), 255]);
    expect(at(width - 1, height - 1)).toEqual([...rgbOf(DEFAULT_PALETTE[12]), 255]);
    expect(at(1, 1)).toEqual([...rgbOf(DEFAULT_PALETTE[31]), 255]);
  });

  it('snapshots the bitmap before compressing (later writes do not leak in)', async () => {
    const pixels = new Uint8Array(16).fill(0);
    const pending = encodePalettePng({ width: 4, height: 4, pixels }, paletteToRgb(DEFAULT_PALETTE));
    pixels.fill(1);
    const decoded = PNG.sync.read(await pending);
    expect([...decoded.data.subarray(0, 3)]).toEqual(rgbOf(DEFAULT_PALETTE[0]));
  });

  it('rejects a bitmap of the wrong size and an oversized palette', async () => {
    await expect(encodePalettePng({ width: 4, height: 4, pixels: new Uint8Array(15) }, paletteToRgb(DEFAULT_PALETTE))).rejects.toThrow(RangeError);
    await expect(encodePalettePng({ width: 1, height: 1, pixels: new Uint8Array(1) }, new Uint8Array(257 * 3))).rejects.toThrow(RangeError);
  });
});
