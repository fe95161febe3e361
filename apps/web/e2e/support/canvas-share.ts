import { Page } from 'playwright-core';

/**
 * The share of the viewport that shows the canvas itself: points on a 4 px grid that lie
 * on the canvas surface and under none of the panels drawn over it (top bar, sheet, view
 * controls, chips, toasts).
 */
export async function canvasShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const surface = document.querySelector('.canvas-view__surface')?.getBoundingClientRect();
    if (!surface) return 0;
    const covers = Array.from(document.querySelectorAll('pw-top-bar, .play__sheet, .play__controls, .play__top > *, .toasts > *'))
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0);
    const inside = (r: DOMRect, x: number, y: number) => x >= r.left && x < r.right && y >= r.top && y < r.bottom;
    let shown = 0;
    let total = 0;
    for (let y = 2; y < innerHeight; y += 4) {
      for (let x = 2; x < innerWidth; x += 4) {
        total++;
        if (inside(surface, x, y) && !covers.some((r) => inside(r, x, y))) shown++;
      }
    }
    return shown / total;
  });
}
