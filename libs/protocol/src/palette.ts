/** The default 32-colour palette, in the style of r/place 2022. */
export const DEFAULT_PALETTE: readonly string[] = Object.freeze([
  '#6d001a',
  '#be0039',
  '#ff4500',
  '#ffa800',
  '#ffd635',
  '#fff8b8',
  '#00a368',
  '#00cc78',
  '#7eed56',
  '#00756f',
  '#009eaa',
  '#00ccc0',
  '#2450a4',
  '#3690ea',
  '#51e9f4',
  '#493ac1',
  '#6a5cff',
  '#94b3ff',
  '#811e9f',
  '#b44ac0',
  '#e4abff',
  '#de107f',
  '#ff3881',
  '#ff99aa',
  '#6d482f',
  '#9c6926',
  '#ffb470',
  '#000000',
  '#515252',
  '#898d90',
  '#d4d7d9',
  '#ffffff',
]);

/** Index of white in the default palette: the default background. */
export const DEFAULT_BACKGROUND_COLOR = 31;

export const MAX_PALETTE_SIZE = 256;

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

/**
 * Palette as 32-bit RGBA words in the platform's byte order, ready to be written into
 * an ImageData buffer viewed as a Uint32Array (alpha always 255).
 */
export function paletteToRgba32(palette: readonly string[]): Uint32Array {
  const words = new Uint32Array(MAX_PALETTE_SIZE);
  const bytes = new Uint8Array(words.buffer);
  palette.forEach((hex, index) => {
    const value = parseInt(hex.slice(1), 16);
    bytes[index * 4] = (value >> 16) & 0xff;
    bytes[index * 4 + 1] = (value >> 8) & 0xff;
    bytes[index * 4 + 2] = value & 0xff;
    bytes[index * 4 + 3] = 0xff;
  });
  return words;
}

/** Palette as [r, g, b] triples, e.g. for a PNG PLTE chunk. */
export function paletteToRgb(palette: readonly string[]): Uint8Array {
  const rgb = new Uint8Array(palette.length * 3);
  palette.forEach((hex, index) => {
    const value = parseInt(hex.slice(1), 16);
    rgb[index * 3] = (value >> 16) & 0xff;
    rgb[index * 3 + 1] = (value >> 8) & 0xff;
    rgb[index * 3 + 2] = value & 0xff;
  });
  return rgb;
}
