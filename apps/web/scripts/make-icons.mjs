#!/usr/bin/env node
/**
 * Writes public/logo.svg and the PNG icons of the PWA manifest from scripts/logo-geometry.mjs.
 * Rasterised here (4×4 supersampling of rounded rectangles) so no image tool is needed:
 *   node apps/web/scripts/make-icons.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { SHAPES, TILE, svg } from './logo-geometry.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const publicDir = join(here, '..', 'public');
const SAMPLES = 4;

function rgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Is (px, py) inside a rounded rectangle? */
function inside(px, py, x, y, w, h, r) {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

/**
 * size: output pixels. inset: fraction of the canvas the 64-unit mark occupies.
 * fullBleed: paint the tile colour over the whole square (maskable, apple-touch).
 */
function render(size, { inset = 1, fullBleed = false } = {}) {
  const png = new PNG({ width: size, height: size });
  const unit = (size * inset) / 64;
  const offset = (size - size * inset) / 2;
  const tile = rgb(TILE.color);
  const layers = [
    { x: 0, y: 0, w: 64, h: 64, r: fullBleed ? 0 : TILE.radius, color: tile, opacity: 1, bleed: fullBleed },
    ...SHAPES.map((s) => ({ ...s, color: rgb(s.color), opacity: s.opacity ?? 1 })),
  ];
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const ux = (px + (sx + 0.5) / SAMPLES - offset) / unit;
          const uy = (py + (sy + 0.5) / SAMPLES - offset) / unit;
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (const l of layers) {
            const hit = l.bleed || inside(ux, uy, l.x, l.y, l.w, l.h, l.r);
            if (!hit) continue;
            const o = l.opacity;
            cr = cr * (1 - o) + l.color[0] * o;
            cg = cg * (1 - o) + l.color[1] * o;
            cb = cb * (1 - o) + l.color[2] * o;
            ca = ca + (1 - ca) * o;
          }
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      const n = SAMPLES * SAMPLES;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / n) * 255);
    }
  }
  return PNG.sync.write(png);
}

mkdirSync(join(publicDir, 'icons'), { recursive: true });
writeFileSync(join(publicDir, 'logo.svg'), svg());
const outputs = {
  'icons/icon-192.png': render(192),
  'icons/icon-512.png': render(512),
  // Maskable: the mark inside the 80 % safe circle, the tile colour to the edges.
  'icons/maskable-192.png': render(192, { inset: 0.88, fullBleed: true }),
  'icons/maskable-512.png': render(512, { inset: 0.88, fullBleed: true }),
  'icons/apple-touch-icon.png': render(180, { inset: 0.86, fullBleed: true }),
};
for (const [name, bytes] of Object.entries(outputs)) {
  writeFileSync(join(publicDir, name), bytes);
  console.log(`${name}: ${bytes.length} bytes`);
}
