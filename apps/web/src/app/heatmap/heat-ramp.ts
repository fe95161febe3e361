/**
 * The heatmap's colour ramp (docs/protocol.md 9: activity 0 = none, 1–255 rising on a log
 * scale): transparent for no activity, then a translucent blue → cyan → yellow → red,
 * more opaque as activity rises, so quiet areas still show the canvas underneath.
 */
const STOPS: readonly (readonly [number, number, number, number])[] = [
  // activity, r, g, b
  [1, 40, 60, 220],
  [64, 0, 200, 230],
  [128, 250, 230, 40],
  [192, 255, 140, 0],
  [255, 230, 20, 20],
];
const MIN_ALPHA = 90;
const MAX_ALPHA = 215;

/** RGBA of one activity byte. */
export function heatColor(activity: number): [number, number, number, number] {
  if (activity <= 0) return [0, 0, 0, 0];
  const a = Math.min(255, activity);
  let i = 0;
  while (i < STOPS.length - 2 && a > STOPS[i + 1][0]) i++;
  const [a0, r0, g0, b0] = STOPS[i];
  const [a1, r1, g1, b1] = STOPS[i + 1];
  const f = Math.min(1, Math.max(0, (a - a0) / (a1 - a0)));
  const mix = (x: number, y: number) => Math.round(x + (y - x) * f);
  return [mix(r0, r1), mix(g0, g1), mix(b0, b1), Math.round(MIN_ALPHA + ((MAX_ALPHA - MIN_ALPHA) * (a - 1)) / 254)];
}

/** The 256-entry lookup table, packed as RGBA bytes. */
export const HEAT_TABLE: Uint8ClampedArray = (() => {
  const table = new Uint8ClampedArray(256 * 4);
  for (let v = 0; v < 256; v++) table.set(heatColor(v), v * 4);
  return table;
})();

/** RGBA pixels (ImageData layout) for a row-major activity grid. */
export function heatPixels(activity: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(activity.length * 4);
  for (let i = 0; i < activity.length; i++) {
    const o = activity[i] * 4;
    const p = i * 4;
    out[p] = HEAT_TABLE[o];
    out[p + 1] = HEAT_TABLE[o + 1];
    out[p + 2] = HEAT_TABLE[o + 2];
    out[p + 3] = HEAT_TABLE[o + 3];
  }
  return out;
}
