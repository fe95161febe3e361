import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, PHONE, launchBrowser } from './support/browser';
import { paintedColor, waitForColor } from './support/canvas';
import { expect, until } from './support/expect';
import { DOCS_SCREENSHOTS, RESULTS } from './support/paths';
import { routePendingServer } from './support/pending-server';
import { placeSelected, play, signIn } from './support/player';
import { SeedPixel, logoPixels, seedPixels, textPixels } from './support/seed';
import { RunningServer, startServer } from './support/server';

const WIDTH = 160;
const HEIGHT = 120;
const COOLDOWN_MS = 1500;
const WHITE = '#ffffff';
const LEADERS = [
  { rank: 1, user: { id: 'u1', name: 'Ada Lovelace' }, pixels: 412 },
  { rank: 2, user: { id: 'u2', name: 'Grace Hopper' }, pixels: 388 },
  { rank: 3, user: { id: 'u3', name: 'Noor' }, pixels: 251 },
  { rank: 4, user: { id: 'u4', name: 'Mika' }, pixels: 97 },
  { rank: 5, user: { id: 'u5', name: 'Линус' }, pixels: 45 },
];

interface Opened {
  page: Page;
  errors: string[];
  close: () => Promise<void>;
  requests: string[];
}

describe('player features of issue 18 (charges, undo, leaderboard, heatmap, ready notification)', () => {
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ CANVAS_WIDTH: String(WIDTH), CANVAS_HEIGHT: String(HEIGHT), COOLDOWN_MS: String(COOLDOWN_MS) });
    browser = await launchBrowser();
    mkdirSync(RESULTS, { recursive: true });
    const art: SeedPixel[] = [...logoPixels(68, 38, 5), ...textPixels('PIXEL WARS', 58, 62, 27)];
    await seedPixels(server.url, art, 40, COOLDOWN_MS);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** A page whose new-endpoint calls go to the marked mocks (service worker blocked for routing). */
  async function open(options: BrowserContextOptions, pending: Parameters<typeof routePendingServer>[1] = { width: WIDTH, height: HEIGHT }): Promise<Opened> {
    const context = await browser.newContext({ ...options, baseURL: server.url, serviceWorkers: 'block', reducedMotion: 'reduce' });
    const { requests } = await routePendingServer(context, pending);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors, requests, close: () => context.close() };
  }

  async function shoot(page: Page, name: string): Promise<void> {
    // Nothing may widen the page past the screen (the top bar's links scroll instead).
    check(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth && document.scrollingElement!.scrollLeft === 0)).toBe(true);
    const file = join(RESULTS, `${name}.png`);
    await page.screenshot({ path: file });
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    copyFileSync(file, join(DOCS_SCREENSHOTS, `${name}.png`));
  }

  it('shows the classic cooldown ring without a charges badge when the server sends no charges', async () => {
    const { page, close } = await open(DESKTOP);
    await page.goto('/?x=20&y=20&z=16');
    await signIn(page, 'classic');
    await play(page);
    await page.locator('pw-canvas-view canvas').click();
    await placeSelected(page, 2);
    await expect(page.getByTestId('charge-line')).toContainText('Next pixel');
    check(await page.getByTestId('charges').count()).toBe(0);
    await expect(page.getByTestId('charge-line'), COOLDOWN_MS + 2000).toContainText('Ready to place');
    await close();
  });

  it('offers Undo after each placement for the undo window; undo gives the charge back; a refusal is worded', async () => {
    const { page, close, requests } = await open(DESKTOP, {
      width: WIDTH,
      height: HEIGHT,
      undo: [{ status: 201, body: { version: 999, charges: 1 } }, { status: 409 }],
    });
    await page.goto('/?x=30&y=30&z=16');
    await signIn(page, 'undoer');
    await play(page);
    await page.locator('pw-canvas-view canvas').click();
    await placeSelected(page, 2);
    const undo = page.locator('[data-action=toast-action]', { hasText: 'Undo' });
    await expect(undo).toBeVisible();
    await expect(page.locator('[data-action=place]')).toBeDisabled();
    await undo.click();
    await expect(page.locator('.toast', { hasText: 'Undone' })).toBeVisible();
    // The charge is back: placing again needs no wait.
    await expect(page.locator('[data-action=place]')).toBeEnabled();
    check(requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);

    await placeSelected(page, 4);
    await page.locator('[data-action=toast-action]', { hasText: 'Undo' }).click();
    await expect(page.locator('.toast', { hasText: 'can no longer be undone' })).toBeVisible();

    // The offer lasts the protocol's default window (5 s) and then goes away.
    await expect(page.locator('[data-action=place]'), COOLDOWN_MS + 2000).toBeEnabled();
    await placeSelected(page, 2);
    await expect(page.locator('[data-action=toast-action]')).toBeVisible();
    await page.waitForTimeout(4000);
    await expect(page.locator('[data-action=toast-action]'), 2500).toBeHidden();
    await close();
  });

  it('speaks Russian in the undo toast and its refusal', async () => {
    const { page, close } = await open({ ...PHONE, locale: 'ru-RU' }, { width: WIDTH, height: HEIGHT, undo: [{ status: 409 }] });
    await page.goto('/?x=40&y=30&z=16');
    await signIn(page, 'undo-ru');
    await play(page);
    await page.locator('[data-color="2"]').click();
    const canvas = (await page.locator('pw-canvas-view canvas').boundingBox())!;
    await page.touchscreen.tap(canvas.x + canvas.width / 2, canvas.y + canvas.height / 3);
    await page.locator('[data-action=place]').click();
    await page.locator('[data-action=toast-action]', { hasText: 'Отменить' }).click();
    await expect(page.locator('.toast', { hasText: 'уже нельзя отменить' })).toBeVisible();
    await close();
  });

  for (const [name, options] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`shows the leaderboard by period with the player's own standing (${name})`, async () => {
      const { page, close, requests } = await open(options, { width: WIDTH, height: HEIGHT, leaders: LEADERS, me: { rank: 4, pixels: 97 } });
      await page.goto('/');
      await signIn(page, 'Mika');
      await page.goto('/leaderboard');
      const table = page.getByTestId('leaderboard');
      await expect(table).toContainText('Ada Lovelace');
      await expect(page.locator('[data-period=game]')).toHaveAttribute('aria-selected', 'true');
      check(requests).toContain('GET /api/leaderboard?period=game&limit=50');
      check(requests).toContain('GET /api/leaderboard/me?period=game');
      // The player's own row is marked (the line below appears only when they are off the list).
      await expect(page.locator('[data-mine]')).toContainText('Mika');
      check(await page.getByTestId('own-standing').count()).toBe(0);
      await shoot(page, `leaderboard-${name}`);

      await page.locator('[data-period=hour]').click();
      await expect(page.locator('[data-period=hour]')).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByTestId('own-standing')).toContainText('You: rank 4, 97 pixels');
      await until(async () => page.url(), (u) => /period=hour/.test(u), 'the URL names the period');
      check(requests).toContain('GET /api/leaderboard?period=hour&limit=50');

      // The personal line in the account menu.
      await page.getByRole('button', { name: /^Account/ }).click();
      await expect(page.getByTestId('my-standing')).toContainText('This game: 97 pixels, rank 4');
      await close();
    });
  }

  for (const [name, options, path] of [
    ['phone', PHONE, '/?x=80&y=62&z=2.2'],
    ['desktop', DESKTOP, '/?x=80&y=60&z=5'],
  ] as const) {
    it(`draws the heatmap over the canvas for the last hour and day, aligned with the view (${name})`, async () => {
      const { page, close, requests } = await open(options);
      await page.goto(path);
      await waitForColor(page, 150, 5, WHITE, 5000);
      const toggle = page.locator('[data-action=heatmap]');
      await toggle.click();
      await expect(toggle).toHaveAttribute('data-window', 'hour');
      await expect(page.getByTestId('heatmap-legend')).toContainText('last hour');
      // The hottest spot of the hour fixture is canvas pixel (25, 95): red over white there, untouched far away.
      await until(() => paintedColor(page, 25, 95), (c) => c !== WHITE, 'heat over (25, 95)');
      const hot = (await paintedColor(page, 25, 95))!;
      check(parseInt(hot.slice(1, 3), 16)).toBeGreaterThan(parseInt(hot.slice(5, 7), 16));
      check(await paintedColor(page, 150, 5)).toBe(WHITE);
      check(await paintedColor(page, 130, 95)).toBe(WHITE);
            check(requests).toContain('GET /api/canvas/heatmap?window=hour');

      await toggle.click();
      await expect(toggle).toHaveAttribute('data-window', 'day');
      await expect(page.getByTestId('heatmap-legend')).toContainText('last 24 hours');
      check(requests).toContain('GET /api/canvas/heatmap?window=day');
      // The day fixture adds a spot at (130, 95).
      await until(() => paintedColor(page, 130, 95), (c) => c !== WHITE, 'heat over (130, 95)');
      await page.waitForTimeout(300);
      await shoot(page, `heatmap-${name}`);

      // Rotated and zoomed, the layer still sits on the same canvas pixels.
      await page.locator('[data-action=rotate]').click();
      await page.waitForTimeout(400);
      check(await paintedColor(page, 130, 95)).not.toBe(WHITE);
      check(await paintedColor(page, 150, 5)).toBe(WHITE);

      await toggle.click();
      await expect(toggle).toHaveAttribute('data-window', 'off');
      await expect(page.getByTestId('heatmap-legend')).toBeHidden();
      await until(() => paintedColor(page, 130, 95), (c) => c === WHITE, 'no heat once off');
      await close();
    });
  }

  it('offers the ready notification only after the first placement and shows it through the service worker while hidden (phone)', async () => {
    // The real service worker is needed here, so no mocks in this context.
    const context = await browser.newContext({ ...PHONE, baseURL: server.url });
    await context.addInitScript(() => {
      const w = window as unknown as { __asked: number; __shown: string[]; __vibrated: number; __hidden: boolean };
      w.__asked = 0;
      w.__shown = [];
      w.__vibrated = 0;
      w.__hidden = false;
      const ask = Notification.requestPermission.bind(Notification);
      Notification.requestPermission = () => {
        w.__asked++;
        return ask();
      };
      const show = ServiceWorkerRegistration.prototype.showNotification;
      ServiceWorkerRegistration.prototype.showNotification = function (title: string, options?: NotificationOptions) {
        w.__shown.push(title);
        return show.call(this, title, options);
      };
      Object.defineProperty(Navigator.prototype, 'vibrate', {
        configurable: true,
        value: () => {
          w.__vibrated++;
          return true;
        },
      });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => w.__hidden });
    });
    await context.grantPermissions(['notifications']);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/?x=90&y=20&z=16');
    await page.evaluate(async () => navigator.serviceWorker.ready);
    await signIn(page, 'notified');
    await play(page);
    const bell = page.locator('[data-action=ready-notify]');
    check(await bell.count()).toBe(0);
    check(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);

    await page.locator('[data-color="2"]').click();
    const canvas = (await page.locator('pw-canvas-view canvas').boundingBox())!;
    await page.touchscreen.tap(canvas.x + canvas.width / 2, canvas.y + canvas.height / 3);
    await page.locator('[data-action=place]').click();
    await expect(bell).toBeVisible();
    check(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);
    await bell.click();
    await expect(bell).toHaveAttribute('aria-pressed', 'true');
    check(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0); // already granted: no prompt

    await expect(page.locator('[data-action=place]'), COOLDOWN_MS + 2000).toBeEnabled();
    await page.locator('[data-action=place]').click();
    await page.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = true));
    await until(() => page.evaluate(() => (window as unknown as { __shown: string[] }).__shown), (s) => s.length > 0, 'a notification', COOLDOWN_MS + 3000);
    check(await page.evaluate(() => (window as unknown as { __shown: string[] }).__shown)).toEqual(['Your pixel is ready']);
    // The vibration follows once the system has taken the notification.
    await until(() => page.evaluate(() => (window as unknown as { __vibrated: number }).__vibrated), (n) => n === 1, 'one vibration', 3000);
    await context.close();
  });

  it('threw no uncaught errors', () => {
    check(errors).toEqual([]);
  });
});
