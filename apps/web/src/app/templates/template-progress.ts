import { Point } from '../canvas/view-transform';
import { PixelTemplate, TRANSPARENT, TemplateProgress, WrongPixel } from './template-model';

/** Palette index shown at a canvas pixel, null outside the canvas or before it loaded. */
export type ColorAt = (x: number, y: number) => number | null;

export function percentOf(matching: number, total: number): number {
  return total === 0 ? 100 : Math.floor((matching / total) * 1000) / 10;
}

/** PROTOCOL §9 progress from the live canvas: non-transparent cells, and those already right. */
export function computeProgress(template: PixelTemplate, colorAt: ColorAt): TemplateProgress {
  let total = 0;
  let matching = 0;
  const { width, height, pixels } = template;
  for (let ty = 0; ty < height; ty++) {
    for (let tx = 0; tx < width; tx++) {
      const want = pixels[ty * width + tx];
      if (want === TRANSPARENT) continue;
      total++;
      if (colorAt(template.x + tx, template.y + ty) === want) matching++;
    }
  }
  return { matching, total, percent: percentOf(matching, total) };
}

/** The wanted colour at canvas pixel (x, y), or null outside the template or transparent. */
export function wantedAt(template: PixelTemplate, x: number, y: number): number | null {
  const tx = x - template.x;
  const ty = y - template.y;
  if (tx < 0 || ty < 0 || tx >= template.width || ty >= template.height) return null;
  const want = template.pixels[ty * template.width + tx];
  return want === TRANSPARENT ? null : want;
}

export interface FixTarget extends Point {
  want: number;
}

/**
 * The pixel "next wrong" jumps to: the most recently griefed pixel of the server's list
 * that the live canvas still shows wrong (the list may be a few changes old), skipping
 * `skip` (the one just shown); else the first wrong cell in reading order.
 */
export function nextWrong(template: PixelTemplate, griefs: readonly WrongPixel[], colorAt: ColorAt, skip: Point | null = null): FixTarget | null {
  const isSkipped = (x: number, y: number) => skip !== null && skip.x === x && skip.y === y;
  for (const g of griefs) {
    const want = wantedAt(template, g.x, g.y);
    if (want !== null && colorAt(g.x, g.y) !== want && !isSkipped(g.x, g.y)) return { x: g.x, y: g.y, want };
  }
  let fallback: FixTarget | null = null;
  for (let ty = 0; ty < template.height; ty++) {
    for (let tx = 0; tx < template.width; tx++) {
      const want = template.pixels[ty * template.width + tx];
      const x = template.x + tx;
      const y = template.y + ty;
      if (want === TRANSPARENT || colorAt(x, y) === want) continue;
      if (!isSkipped(x, y)) return { x, y, want };
      fallback ??= { x, y, want };
    }
  }
  return fallback;
}
