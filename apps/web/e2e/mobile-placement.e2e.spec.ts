import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { PHONE, TrackedPage, launchBrowser, openPage } from './support/browser';
import { shownVersion, waitForColor } from './support/canvas';
import { canvasShare } from './support/canvas-share';
import { expect } from './support/expect';
import { RESULTS } from './support/paths';
import { play, signIn } from './support/player';
import { RunningServer, startServer } from './support/server';

const ORANGE = '#ff4500'; // palette index 2

/** Taps canvas pixel (x, y) through the view transform the canvas publishes. */
async function tapPixel(page: TrackedPage['page'], x: number, y: number): Promise<void> {
  const canvas = page.locator('pw-canvas-view canvas');
  const box = (await canvas.boundingBox())!;
  const [a, b, c, d, e, f] = (await canvas.getAttribute('data-view'))!.split(',').map(Number);
  await page.touchscreen.tap(box.x + a * (x + 0.5) + c * (y + 0.5) + e, box.y + b * (x + 0.5) + d * (y + 0.5) + f);
}

describe('placing on a phone', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages: TrackedPage[] = [];

  beforeAll(async () => {
    server = await startServer({ COOLDOWN_MS: '1000' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  for (const [width, height, minimum] of [
    [360, 740, 0.6],
    [390, 844, 0.6],
  ] as const) {
    it(`leaves at least ${minimum * 100} % of a ${width}×${height} screen to the canvas while placing`, async () => {
      const tracked = await openPage(browser, { ...PHONE, viewport: { width, height } }, server.url);
      pages.push(tracked);
      const { page } = tracked;
      await page.goto('/?x=20&y=20&z=24');
      await signIn(page, `phone${width}`);
      await play(page);
      await page.locator('[data-color="2"]').click();
      await tapPixel(page, 20, 20);
      await expect(page.locator('.pixel-card__coords')).toContainText('(20, 20)');
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(RESULTS, `placing-${width}x${height}.png`) });
      const share = await canvasShare(page);
      console.log(`[e2e] canvas share of ${width}×${height} while placing: ${(share * 100).toFixed(1)} %`);
      check(share).toBeGreaterThanOrEqual(minimum);
    });
  }

  it('keeps the confirm step: a tap selects, only Place places; the full palette opens and closes', async () => {
    const { page } = pages[0];
    const before = await shownVersion(page);
    await tapPixel(page, 21, 20);
    await expect(page.locator('.pixel-card__coords')).toContainText('(21, 20)');
    await page.waitForTimeout(400);
    check(await shownVersion(page)).toBe(before);
    await page.locator('[data-action=place]').click();
    await waitForColor(page, 21, 20, ORANGE, 2000);

    const toggle = page.locator('[data-action=palette-expand]');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    const rowHeight = (await page.locator('.palette__grid').boundingBox())!.height;
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    check((await page.locator('.palette__grid').boundingBox())!.height).toBeGreaterThan(rowHeight * 2);
    await page.locator('[data-color="31"]').click();
    await expect(page.locator('[data-color="31"]')).toHaveAttribute('aria-checked', 'true');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('keeps Place within one thumb’s reach (bottom third of the screen)', async () => {
    const { page } = pages[0];
    const box = (await page.locator('[data-action=place]').boundingBox())!;
    check(box.y).toBeGreaterThan((740 * 2) / 3);
  });

  it('threw no uncaught errors', () => {
    check(pages.flatMap((p) => p.errors)).toEqual([]);
  });
});
