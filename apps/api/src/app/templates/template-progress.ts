import { pixelKey, PixelKey } from '../pixel-history/pixel-history.repository';
import { TRANSPARENT } from './template-body';

export interface TemplateArea {
  x: number;
  y: number;
  width: number;
  height: number;
  pixels: Uint8Array;
}

export interface Canvas {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export interface TemplateProgress {
  matching: number;
  total: number;
  /** matching / total in percent, rounded down to one decimal (100 only when complete). */
  percent: number;
}

/** Counts the template's visible pixels and those the canvas shows in the template's colour. */
export function templateProgress(template: TemplateArea, canvas: Canvas): TemplateProgress {
  let matching = 0;
  let total = 0;
  forEachVisible(template, canvas, (want, have) => {
    total++;
    if (want === have) matching++;
  });
  return { matching, total, percent: total === 0 ? 100 : Math.floor((matching * 1000) / total) / 10 };
}

export interface Mismatch {
  key: PixelKey;
  x: number;
  y: number;
  want: number;
  have: number;
}

/** The visible template pixels the canvas shows in another colour, row by row. */
export function mismatches(template: TemplateArea, canvas: Canvas): Mismatch[] {
  const out: Mismatch[] = [];
  forEachVisible(template, canvas, (want, have, x, y) => {
    if (want !== have) out.push({ key: pixelKey(x, y), x, y, want, have });
  });
  return out;
}

function forEachVisible(template: TemplateArea, canvas: Canvas, visit: (want: number, have: number, x: number, y: number) => void): void {
  const right = Math.min(template.x + template.width, canvas.width);
  const bottom = Math.min(template.y + template.height, canvas.height);
  for (let y = template.y; y < bottom; y++) {
    const row = (y - template.y) * template.width - template.x;
    const canvasRow = y * canvas.width;
    for (let x = template.x; x < right; x++) {
      const want = template.pixels[row + x];
      if (want !== TRANSPARENT) visit(want, canvas.pixels[canvasRow + x], x, y);
    }
  }
}
