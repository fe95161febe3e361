import { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, PHONE, TrackedPage, launchBrowser, openPage } from './support/browser';
import { expect } from './support/expect';
import { play, signIn } from './support/player';
import { RunningServer, startServer } from './support/server';

/** Waits for the view matrix to change from `previous`, then returns it. */
async function nextView(page: Page, previous: number[]): Promise<number[]> {
  await page.waitForFunction((old) => document.querySelector('pw-canvas-view canvas')?.getAttribute('data-view') !== old, previous.join(','), {
    timeout: 3000,
  });
  return viewOf(page);
}

function viewOf(page: Page): Promise<number[]> {
  return page
    .locator('pw-canvas-view canvas')
    .getAttribute('data-view')
    .then((v) => v!.split(',').map(Number));
}

describe('pages, keyboard and view', () => {
  let server: RunningServer;
  let browser: Browser;
  let user: TrackedPage;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    user = await openPage(browser, { ...DESKTOP, reducedMotion: 'reduce' }, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('validates feedback and thanks the sender', async () => {
    const { page } = user;
    await page.getByRole('link', { name: 'Feedback' }).click();
    await expect(page.getByRole('heading', { name: 'Feedback' })).toBeVisible();
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await expect(page.locator('#feedback-message-error')).toHaveText('Please write a message.');
    await page.getByLabel('Message').fill('The palette could use a darker green.');
    await page.getByLabel(/^Contact/).fill('ada@example.com');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await expect(page.getByRole('status')).toContainText('Thank you!');
  });

  it('shows an empty history gallery when there are no snapshots yet', async () => {
    const { page } = user;
    await page.getByRole('link', { name: 'History' }).click();
    await expect(page.getByTestId('history-empty')).toContainText('No snapshots yet');
  });

  it('operates the view from the keyboard', async () => {
    const { page } = user;
    await page.getByRole('link', { name: 'Canvas', exact: true }).click();
    const canvas = page.locator('pw-canvas-view canvas');
    await canvas.focus();
    const before = await viewOf(page);
    await page.keyboard.press('+');
    const zoomed = await nextView(page, before);
    check(zoomed[0]).toBeCloseTo(before[0] * 2, 3);
    await page.keyboard.press('ArrowLeft');
    const panned = await nextView(page, zoomed);
    check(panned[4]).toBeCloseTo(zoomed[4] + 64, 3);
    await page.keyboard.press('r');
    const rotated = await nextView(page, panned);
    check(Math.abs(rotated[0])).toBeLessThan(1e-3);
    check(rotated[1]).toBeCloseTo(zoomed[0], 3);
    await page.keyboard.press('0');
    const reset = await nextView(page, rotated);
    check(reset[1]).toBe(0);
    check(reset[0]).toBeCloseTo(before[0], 3);
    await page.keyboard.press('Enter');
    await expect(page.locator('pw-pixel-info-card')).toBeVisible();
  });

  it('picks the right pixel under a rotated view', async () => {
    const { page } = user;
    await page.goto('/?x=40&y=30&z=16');
    await page.getByRole('button', { name: 'Rotate a quarter turn' }).click();
    await page.getByRole('button', { name: 'Rotate a quarter turn' }).click();
    await page.getByRole('button', { name: 'Rotate a quarter turn' }).click();
    // Three quarter turns clockwise: canvas x now points up the screen.
    await page.waitForFunction(
      () => {
        const v = document.querySelector('pw-canvas-view canvas')?.getAttribute('data-view')?.split(',').map(Number);
        return !!v && Math.abs(v[0]) < 1e-3 && v[1] < -15.99;
      },
      null,
      { timeout: 3000 },
    );
    const [a, b, c, d, e, f] = await viewOf(page);
    check(Math.abs(a)).toBeLessThan(1e-3);
    check(b).toBeCloseTo(-16, 3);
    const box = (await page.locator('pw-canvas-view canvas').boundingBox())!;
    const at = (x: number, y: number) => ({ x: box.x + a * x + c * y + e, y: box.y + b * x + d * y + f });
    const target = at(43.5, 27.5);
    await page.mouse.click(target.x, target.y);
    await expect(page.locator('.pixel-card__coords')).toContainText('(43, 27)');
    // The shareable link follows the selection (written after a short pause).
    await page.waitForURL(/[?&]x=43&y=27&z=16(&|$)/, { timeout: 3000 });
  });

  it('drives the palette with arrow keys as one radio group', async () => {
    const { page } = user;
    await page.goto('/');
    await signIn(page, 'keyboard');
    await play(page);
    const first = page.locator('[data-color="0"]');
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('[data-color="1"]')).toHaveAttribute('aria-checked', 'true');
    check(await page.evaluate(() => document.activeElement?.getAttribute('data-color'))).toBe('1');
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('[data-color="9"]')).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-color="9"]')).toHaveAttribute('aria-checked', 'false');
    // One tab stop for the whole group.
    check(await page.locator('[role=radio][tabindex="0"]').count()).toBe(1);
  });

  it('pinches to zoom around the fingers and twists to rotate', async () => {
    const { page, context, errors } = await openPage(browser, { ...PHONE, reducedMotion: 'reduce' }, server.url);
    await page.goto('/?x=40&y=30&z=4');
    const cdp = await context.newCDPSession(page);
    const box = (await page.locator('pw-canvas-view canvas').boundingBox())!;
    const mid = { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + 180) };
    const touch = async (type: 'touchStart' | 'touchMove' | 'touchEnd', points: { x: number; y: number }[]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id })) });
    const gesture = async (from: (t: number) => { x: number; y: number }[], steps: number) => {
      await touch('touchStart', from(0));
      for (let i = 1; i <= steps; i++) await touch('touchMove', from(i / steps));
      await touch('touchEnd', []);
    };
    const underMid = (v: number[]) => {
      // Inverse of the view at the midpoint (relative to the canvas element).
      const [a, b, c, d, e, f] = v;
      const det = a * d - b * c;
      const x = mid.x - box.x - e;
      const y = mid.y - box.y - f;
      return { x: (d * x - c * y) / det, y: (-b * x + a * y) / det };
    };
    const before = await viewOf(page);
    const anchor = underMid(before);
    // Pinch out: the fingers go from 80 px to 160 px apart.
    await gesture(
      (t) => [
        { x: mid.x - 40 - 40 * t, y: mid.y },
        { x: mid.x + 40 + 40 * t, y: mid.y },
      ],
      8,
    );
    const pinched = await nextView(page, before);
    check(Math.hypot(pinched[0], pinched[1]) / Math.hypot(before[0], before[1])).toBeCloseTo(2, 1);
    const stayed = underMid(pinched);
    check(Math.abs(stayed.x - anchor.x)).toBeLessThan(0.5);
    check(Math.abs(stayed.y - anchor.y)).toBeLessThan(0.5);
    // Twist by 60°: rotation starts past a small dead zone, then follows the fingers.
    const r = 70;
    await gesture((t) => {
      const angle = (t * Math.PI) / 3;
      const dx = Math.cos(angle) * r;
      const dy = Math.sin(angle) * r;
      return [
        { x: mid.x - dx, y: mid.y - dy },
        { x: mid.x + dx, y: mid.y + dy },
      ];
    }, 12);
    const twisted = await nextView(page, pinched);
    const degrees = (Math.atan2(twisted[1], twisted[0]) * 180) / Math.PI;
    check(degrees).toBeGreaterThan(35);
    check(degrees).toBeLessThan(61);
    check(Math.hypot(twisted[0], twisted[1])).toBeCloseTo(Math.hypot(pinched[0], pinched[1]), 0);
    check(errors).toEqual([]);
    await context.close();
  });

  it('threw no uncaught errors', () => {
    check(user.errors).toEqual([]);
  });
});
