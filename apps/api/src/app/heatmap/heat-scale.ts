/**
 * Activity byte of a pixel from its placement count: 0 = none, then 1 + 32·log2(count),
 * capped at 255 — 1 → 1, 2 → 33, 4 → 65, … 256 and more → 255. An absolute scale, so the
 * same byte means the same activity in every snapshot and window.
 */
export function heatByte(count: number): number {
  if (count <= 0) return 0;
  return Math.min(255, 1 + Math.floor(32 * Math.log2(count)));
}

const SMALL = Uint8Array.from({ length: 256 }, (_, count) => heatByte(count));

/** Heat bytes of a whole count array (a lookup table for the common small counts). */
export function heatBytes(counts: Uint32Array, out: Uint8Array): Uint8Array {
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    out[i] = c < 256 ? SMALL[c] : 255;
  }
  return out;
}
