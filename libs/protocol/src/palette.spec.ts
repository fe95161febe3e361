import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKGROUND_COLOR, DEFAULT_PALETTE, MAX_PALETTE_SIZE, isHexColor, paletteToRgb, paletteToRgba32 } from './palette';

describe('default palette', () => {
  it('has 32 distinct #rrggbb colours', () => {
    expect(DEFAULT_PALETTE).toHaveLength(32);
    for (const colour of DEFAULT_PALETTE) {
      expect(colour).toMatch(/^#[0-9a-f]{6}$/);
      expect(isHexColor(colour)).toBe(true);
    }
    expect(new Set(DEFAULT_PALETTE).size).toBe(32);
  });

  it('fits the u8 colour of a batch record', () => {
    expect(DEFAULT_PALETTE.length).toBeLessThanOrEqual(MAX_PALETTE_SIZE);
    expect(MAX_PALETTE_SIZE).toBe(256);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_PALETTE)).toBe(true);
    expect(() => (DEFAULT_PALETTE as string[]).push('#123456')).toThrow();
  });

  it('has white as the default background', () => {
    expect(Number.isInteger(DEFAULT_BACKGROUND_COLOR)).toBe(true);
    expect(DEFAULT_BACKGROUND_COLOR).toBeGreaterThanOrEqual(0);
    expect(DEFAULT_BACKGROUND_COLOR).toBeLessThan(DEFAULT_PALETTE.length);
    expect(DEFAULT_PALETTE[DEFAULT_BACKGROUND_COLOR]).toBe('#ffffff');
  });

  it('contains black', () => {
    expect(DEFAULT_PALETTE).toContain('#000000');
  });
});

describe('isHexColor', () => {
  it('accepts #rrggbb in either case', () => {
    for (const ok of ['#000000', '#ffffff', '#FFFFFF', '#a1B2c3']) expect(isHexColor(ok)).toBe(true);
  });

  it('rejects everything else', () => {
    for (const bad of [
      '',
      '#fff',
      'ffffff',
      '#fffffff',
      '#gggggg',
      ' #ffffff',
      '#ffffff ',
      '#ffffff\n',
      'rgb(0,0,0)',
      null,
      undefined,
      0xffffff,
      ['#ffffff'],
    ]) {
      expect(isHexColor(bad)).toBe(false);
    }
  });
});

describe('paletteToRgba32', () => {
  const palette = ['#112233', '#ff0080', '#000000', '#ffffff'];

  it('writes r, g, b, 255 in memory order, ready for ImageData', () => {
    const words = paletteToRgba32(palette);
    const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
    expect(Array.from(bytes.subarray(0, 16))).toEqual([0x11, 0x22, 0x33, 0xff, 0xff, 0x00, 0x80, 0xff, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff]);
  });

  it('gives words that, written into a Uint32Array view of RGBA bytes, produce those bytes', () => {
    const words = paletteToRgba32(palette);
    const image = new Uint8ClampedArray(4 * 4);
    const view = new Uint32Array(image.buffer);
    view[0] = words[3];
    view[1] = words[0];
    view[2] = words[1];
    view[3] = words[2];
    expect(Array.from(image)).toEqual([255, 255, 255, 255, 0x11, 0x22, 0x33, 255, 0xff, 0x00, 0x80, 255, 0, 0, 0, 255]);
  });

  it('matches the platform byte order (little-endian here: 0xAABBGGRR)', () => {
    const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const words = paletteToRgba32(palette);
    if (littleEndian) expect(words[0]).toBe(0xff332211);
    else expect(words[0]).toBe(0x112233ff);
  });

  it('always has 256 entries; unused ones are 0 (transparent)', () => {
    const words = paletteToRgba32(palette);
    expect(words).toHaveLength(MAX_PALETTE_SIZE);
    expect(Array.from(words.subarray(palette.length)).every((w) => w === 0)).toBe(true);
  });

  it('accepts upper-case hex', () => {
    expect(paletteToRgba32(['#ABCDEF'])[0]).toBe(paletteToRgba32(['#abcdef'])[0]);
  });

  it('covers the whole default palette with opaque colours', () => {
    const words = paletteToRgba32(DEFAULT_PALETTE);
    const bytes = new Uint8Array(words.buffer);
    DEFAULT_PALETTE.forEach((hex, i) => {
      const expected = [1, 3, 5].map((o) => parseInt(hex.slice(o, o + 2), 16));
      expect(Array.from(bytes.subarray(i * 4, i * 4 + 3))).toEqual(expected);
      expect(bytes[i * 4 + 3]).toBe(255);
    });
    expect(Array.from(bytes.subarray(DEFAULT_BACKGROUND_COLOR * 4, DEFAULT_BACKGROUND_COLOR * 4 + 4))).toEqual([255, 255, 255, 255]);
  });
});

describe('paletteToRgb', () => {
  it('writes r, g, b triples in palette order (PNG PLTE)', () => {
    expect(Array.from(paletteToRgb(['#112233', '#ff0080', '#FFFFFF']))).toEqual([0x11, 0x22, 0x33, 0xff, 0x00, 0x80, 0xff, 0xff, 0xff]);
  });

  it('has exactly 3 bytes per colour', () => {
    expect(paletteToRgb(DEFAULT_PALETTE)).toHaveLength(96);
    expect(paletteToRgb([])).toHaveLength(0);
  });

  it('agrees with paletteToRgba32', () => {
    const rgb = paletteToRgb(DEFAULT_PALETTE);
    const rgba = new Uint8Array(paletteToRgba32(DEFAULT_PALETTE).buffer);
    for (let i = 0; i < DEFAULT_PALETTE.length; i++) {
      expect(Array.from(rgb.subarray(i * 3, i * 3 + 3))).toEqual(Array.from(rgba.subarray(i * 4, i * 4 + 3)));
    }
  });
});
