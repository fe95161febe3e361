/**
 * Colour-blind-safe symbols: one glyph per palette index, so a cell's wanted colour can be
 * told by shape alone. Letters and digits that are easily confused (0/O, 1/I/l) are left
 * out; past the single glyphs come two-character codes, still one per index.
 */
// Letters first: a digit on a pixel would read as a count, not as a colour.
const SINGLE = [...'ABCDEFGHJKLMNPQRSTUVWXYZ#+%&=?@$23456789'];

export function glyphFor(index: number): string {
  if (index < SINGLE.length) return SINGLE[index];
  const rest = index - SINGLE.length;
  return SINGLE[Math.floor(rest / SINGLE.length) % SINGLE.length].toLowerCase() + SINGLE[rest % SINGLE.length];
}

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
export function inkFor(hex: string): '#000000' | '#ffffff' {
  const v = parseInt(hex.slice(1), 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin((v >> 16) & 0xff) + 0.7152 * lin((v >> 8) & 0xff) + 0.0722 * lin(v & 0xff);
  return l > 0.179 ? '#000000' : '#ffffff';
}
