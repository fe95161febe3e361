import { glyphFor, inkFor } from './glyphs';

describe('symbol glyphs', () => {
  it('gives every one of 256 palette indices its own glyph, single characters for the first 40', () => {
    const glyphs = Array.from({ length: 256 }, (_, i) => glyphFor(i));
    expect(new Set(glyphs).size).toBe(256);
    expect(glyphs.slice(0, 40).every((g) => g.length === 1)).toBe(true);
    expect(glyphs.slice(0, 40).some((g) => /[01IOl]/.test(g))).toBe(false);
    // The default palette's 32 colours get letters and signs, no digits (a digit reads as a count).
    expect(glyphs.slice(0, 32).some((g) => /\d/.test(g))).toBe(false);
  });

  it('writes dark ink on light colours and light ink on dark ones', () => {
    expect(inkFor('#ffffff')).toBe('#000000');
    expect(inkFor('#ffd635')).toBe('#000000');
    expect(inkFor('#000000')).toBe('#ffffff');
    expect(inkFor('#2450a4')).toBe('#ffffff');
  });
});
