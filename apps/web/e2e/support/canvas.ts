import { Page } from 'playwright-core';

/**
 * Colour (#rrggbb) actually painted on the visible <canvas> at the centre of canvas pixel
 * (x, y), located with the view matrix the element publishes in data-view.
 */
export function paintedColor(page: Page, x: number, y: number): Promise<string | null> {
  return page.evaluate(
    ([px, py]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('pw-canvas-view canvas');
      const view = canvas?.dataset['view'];
      if (!canvas || !view) return null;
      const [a, b, c, d, e, f] = view.split(',').map(Number);
      const dpr = canvas.width / canvas.clientWidth;
      const sx = Math.floor((a * (px + 0.5) + c * (py + 0.5) + e) * dpr);
      const sy = Math.floor((b * (px + 0.5) + d * (py + 0.5) + f) * dpr);
      if (sx < 0 || sy < 0 || sx >= canvas.width || sy >= canvas.height) return null;
      const data = canvas.getContext('2d')?.getImageData(sx, sy, 1, 1).data;
      if (!data) return null;
      return '#' + [data[0], data[1], data[2]].map((v) => v.toString(16).padStart(2, '0')).join('');
    },
    [x, y] as const,
  );
}

/** Waits until pixel (x, y) shows `hex`; resolves to the milliseconds it took. */
export async function waitForColor(page: Page, x: number, y: number, hex: string, timeoutMs: number): Promise<number> {
  const start = Date.now();
  let last: string | null = null;
  while (Date.now() - start <= timeoutMs) {
    last = await paintedColor(page, x, y);
    if (last === hex) return Date.now() - start;
    await page.waitForTimeout(20);
  }
  const around = await page.evaluate(
    ([px, py]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('pw-canvas-view canvas')!;
      const [a, b, c, d, e, f] = canvas.dataset['view']!.split(',').map(Number);
      const dpr = canvas.width / canvas.clientWidth;
      const sx = Math.floor((a * (px + 0.5) + c * (py + 0.5) + e) * dpr);
      const sy = Math.floor((b * (px + 0.5) + d * (py + 0.5) + f) * dpr);
      const data = canvas.getContext('2d')!.getImageData(sx - 3, sy, 7, 1).data;
      return `view ${canvas.dataset['view']} dpr ${dpr} row ${Array.from(data).join(',')}`;
    },
    [x, y] as const,
  );
  throw new Error(`pixel (${x}, ${y}) is ${last}, expected ${hex} within ${timeoutMs} ms (${around})`);
}

/** The canvas version the page shows (data-version of the canvas element). */
export async function shownVersion(page: Page): Promise<number> {
  const raw = await page.locator('pw-canvas-view canvas').getAttribute('data-version');
  return Number(raw);
}
