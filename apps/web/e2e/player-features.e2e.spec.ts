import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, PHONE, launchBrowser } from './support/browser';
import { paintedColor, waitForColor } from './support/canvas';
import { expect, until } from './support/expect';
import { DOCS_SCREENSHOTS, RESULTS } from './support/paths';
import { placeSelected, play, signIn } from './support/player';
import { SeedPixel, joinAsPlayer, logoPixels, place, seedPixels, textPixels } from './support/seed';
import { RunningServer, startServer } from './support/server';

const WIDTH = 160;
const HEIGHT = 120;
const COOLDOWN_MS = 1500;
const UNDO_WINDOW_MS = 5000;
const WHITE = '#ffffff';
const ORANGE = '#ff4500'; // palette 2
const BLACK = 27;
/** Painted over and over by the crew: the hottest spot of the heatmap. */
const HOT = { x: 25, y: 95 };
const HOT_PAINTS = 20;
/** In the logo's white middle block: placed once. */
const LOGO_WHITE = { x: 77, y: 47 };
/** Nobody ever paints these. */
const COLD = [
  { x: 150, y: 5 },
  { x: 130, y: 95 },
];
/** More players than the leaderboard page lists (50), so someone can be off the list. */
const ART_PLAYERS = 52;
/** Named players with more placements than any of the crew (who place at most 10 each). */
const LEADERS = [
  { name: 'Ada Lovelace', pixels: 13, y: 108 },
  { name: 'Grace Hopper', pixels: 12, y: 110 },
  { name: 'Mika', pixels: 11, y: 112 },
];

interface Opened {
  page: Page;
  close: () => Promise<void>;
  /** `METHOD /path?query` of every API call the page made. */
  requests: string[];
  /** Bodies of the page's accepted-or-not POST /api/canvas/pixels, in order. */
  placed: SeedPixel[];
}

interface Entry {
  rank: number;
  user: { id: string; name: string };
  pixels: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Palette index of (x, y) on the server now (GET /api/canvas/pixel). */
async function serverColor(url: string, x: number, y: number): Promise<number> {
  return ((await (await fetch(`${url}/api/canvas/pixel?x=${x}&y=${y}`)).json()) as { color: number }).color;
}

async function leaders(url: string, period: string): Promise<Entry[]> {
  return (await (await fetch(`${url}/api/leaderboard?period=${period}&limit=100`)).json()) as Entry[];
}

/** A named player places `count` pixels in a row along `y` (waiting out the cooldown). */
async function placeRow(url: string, name: string, count: number, y: number, x = 40, color = 13): Promise<void> {
  const player = await joinAsPlayer(url, name);
  try {
    for (let i = 0; i < count; i++) {
      if (i > 0) await sleep(COOLDOWN_MS + 30);
      await place(url, player.token, { x: x + i, y, color });
    }
  } finally {
    player.socket.disconnect();
  }
}

describe('player features of issue 18 against the real server (charges, undo, leaderboard, heatmap, ready notification)', () => {
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer({
      CANVAS_WIDTH: String(WIDTH),
      CANVAS_HEIGHT: String(HEIGHT),
      COOLDOWN_MS: String(COOLDOWN_MS),
      UNDO_WINDOW_MS: String(UNDO_WINDOW_MS),
    });
    browser = await launchBrowser();
    mkdirSync(RESULTS, { recursive: true });
    const art: SeedPixel[] = [...logoPixels(68, 38, 5), ...textPixels('PIXEL WARS', 58, 62, 27)];
    const hot = Array.from({ length: HOT_PAINTS }, (_, i) => ({ ...HOT, color: i % 2 ? 31 : 2 }));
    const palette = ((await (await fetch(`${server.url}/api/config`)).json()) as { palette: string[] }).palette;
    // Painted white last, so that any colour seen there with the heatmap on is the heat.
    const whitewash = { ...HOT, color: palette.indexOf(WHITE) };
    await Promise.all([
      seedPixels(server.url, art, ART_PLAYERS, COOLDOWN_MS)
        .then(() => seedPixels(server.url, hot, HOT_PAINTS, COOLDOWN_MS))
        .then(() => placeRow(server.url, 'whitewash', 1, whitewash.y, whitewash.x, whitewash.color)),
      ...LEADERS.map((l) => placeRow(server.url, l.name, l.pixels, l.y)),
    ]);
    const lurker = await joinAsPlayer(server.url, 'Lurker');
    await place(server.url, lurker.token, { x: 5, y: 115, color: 13 });
    lurker.socket.disconnect();
    // Rankings are cached for a few seconds: wait until they show everything placed above.
    for (const period of ['game', 'hour']) {
      await until(
        () => leaders(server.url, period),
        (rows) => rows.length >= ART_PLAYERS + LEADERS.length + 1 && LEADERS.every((l, i) => rows[i]?.user.name === l.name && rows[i].pixels === l.pixels),
        `the ${period} leaderboard`,
        30_000,
      );
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** A page on the real server (service worker as usual) whose API calls are recorded. */
  async function open(options: BrowserContextOptions): Promise<Opened> {
    const context = await browser.newContext({ ...options, baseURL: server.url, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const requests: string[] = [];
    const placed: SeedPixel[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith('/api/')) return;
      requests.push(`${request.method()} ${url.pathname}${url.search}`);
      if (request.method() === 'POST' && url.pathname === '/api/canvas/pixels') placed.push(JSON.parse(request.postData() ?? '{}') as SeedPixel);
    });
    return { page, requests, placed, close: () => context.close() };
  }

  async function shoot(page: Page, name: string): Promise<void> {
    // Nothing may widen the page past the screen (the top bar's links scroll instead).
    check(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth && document.scrollingElement!.scrollLeft === 0)).toBe(true);
    const file = join(RESULTS, `${name}.png`);
    await page.screenshot({ path: file });
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    copyFileSync(file, join(DOCS_SCREENSHOTS, `${name}.png`));
  }

  /** The n-th pixel the page asked to place (its body, as the server received it). */
  async function nthPlaced(opened: Opened, n: number): Promise<SeedPixel> {
    await until(
      async () => opened.placed.length,
      (count) => count >= n,
      `placement ${n} sent`,
    );
    return opened.placed[n - 1];
  }

  it('shows the classic cooldown ring without a charges badge when a player holds one charge (PIXEL_CHARGES=1)', async () => {
    const { page, close } = await open(DESKTOP);
    await page.goto('/?x=20&y=20&z=16');
    await signIn(page, 'classic');
    await play(page);
    await page.locator('pw-canvas-view canvas').click();
    await placeSelected(page, 2);
    await expect(page.getByTestId('charge-line')).toContainText('Next pixel');
    check(await page.getByTestId('charges').count()).toBe(0);
    await expect(page.getByTestId('charge-line'), COOLDOWN_MS + 5000).toContainText('Ready to place');
    check(await page.getByTestId('charges').count()).toBe(0);
    await close();
  });

  it('offers Undo after each placement for the undo window; undo restores the pixel and gives the charge back; a paint-over makes it 409', async () => {
    const painter = await joinAsPlayer(server.url, 'painter');
    const opened = await open(DESKTOP);
    const { page, close, requests } = opened;
    await page.goto('/?x=30&y=30&z=16');
    await signIn(page, 'undoer');
    await play(page);
    await page.locator('pw-canvas-view canvas').click();
    await placeSelected(page, 2);
    const pixel = await nthPlaced(opened, 1);
    const background = await serverColor(server.url, 150, 5);
    await until(
      () => serverColor(server.url, pixel.x, pixel.y),
      (c) => c === 2,
      'the placement on the server',
    );
    await waitForColor(page, pixel.x, pixel.y, ORANGE, 10_000);
    const undo = page.locator('[data-action=toast-action]', { hasText: 'Undo' });
    await expect(undo).toBeVisible();
    await expect(page.locator('[data-action=place]')).toBeDisabled();
    await undo.click();
    await expect(page.locator('.toast', { hasText: 'Undone' })).toBeVisible();
    // The server restored the pixel for everyone, and the charge is back: placing again needs no wait.
    // (The page previews the armed colour on the selected pixel, so the server's snapshot is read.)
    await until(
      () => serverColor(server.url, pixel.x, pixel.y),
      (c) => c === background,
      'the pixel restored on the server',
    );
    await expect(page.locator('[data-action=place]')).toBeEnabled();
    check(requests.filter((r) => r === 'POST /api/canvas/pixels/undo')).toHaveLength(1);

    // Someone else paints over the new placement before Undo is pressed: the server refuses (409).
    await placeSelected(page, 4);
    const second = await nthPlaced(opened, 2);
    check(second).toMatchObject({ x: pixel.x, y: pixel.y });
    await place(server.url, painter.token, { x: second.x, y: second.y, color: BLACK });
    painter.socket.disconnect();
    await page.locator('[data-action=toast-action]', { hasText: 'Undo' }).click();
    await expect(page.locator('.toast', { hasText: 'can no longer be undone' })).toBeVisible();
    await until(
      () => serverColor(server.url, second.x, second.y),
      (c) => c === BLACK,
      'the paint-over kept',
    );

    // The offer lasts the server's window (5 s) and then goes away.
    await expect(page.locator('[data-action=place]'), COOLDOWN_MS + 5000).toBeEnabled();
    await placeSelected(page, 2);
    await expect(page.locator('[data-action=toast-action]')).toBeVisible();
    await page.waitForTimeout(UNDO_WINDOW_MS - 1000);
    await expect(page.locator('[data-action=toast-action]'), 4000).toBeHidden();
    await close();
  });

  it('speaks Russian in the undo toast and its refusal', async () => {
    const painter = await joinAsPlayer(server.url, 'painter-ru');
    const opened = await open({ ...PHONE, locale: 'ru-RU' });
    const { page, close } = opened;
    await page.goto('/?x=40&y=30&z=16');
    await signIn(page, 'undo-ru');
    await play(page);
    await page.locator('[data-color="2"]').click();
    const canvas = (await page.locator('pw-canvas-view canvas').boundingBox())!;
    await page.touchscreen.tap(canvas.x + canvas.width / 2, canvas.y + canvas.height / 3);
    await page.locator('[data-action=place]').click();
    const pixel = await nthPlaced(opened, 1);
    const undo = page.locator('[data-action=toast-action]', { hasText: 'Отменить' });
    await expect(undo).toBeVisible();
    await place(server.url, painter.token, { x: pixel.x, y: pixel.y, color: BLACK });
    painter.socket.disconnect();
    await undo.click();
    await expect(page.locator('.toast', { hasText: 'уже нельзя отменить' })).toBeVisible();
    await close();
  });

  for (const [name, options] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`shows the leaderboard by period with the player's own standing (${name})`, async () => {
      const { page, close, requests } = await open(options);
      await page.goto('/');
      await signIn(page, 'Mika');
      await page.goto('/leaderboard');
      const table = page.getByTestId('leaderboard');
      await expect(table, 20_000).toContainText('Ada Lovelace');
      await expect(table.locator('tbody tr').first()).toContainText('Ada Lovelace');
      await expect(page.locator('[data-period=game]')).toHaveAttribute('aria-selected', 'true');
      check(requests).toContain('GET /api/leaderboard?period=game&limit=50');
      check(requests).toContain('GET /api/leaderboard/me?period=game');
      // The list holds the page's 50 of the 56 who played; the player's own row is marked.
      await expect(table.locator('tbody tr')).toHaveCount(50);
      const mine = page.locator('[data-mine]');
      await expect(mine).toContainText('Mika');
      await expect(mine.locator('.leaderboard__rank')).toHaveText('3');
      await expect(mine.locator('.leaderboard__pixels')).toHaveText('11');
      check(await page.getByTestId('own-standing').count()).toBe(0);
      await shoot(page, `leaderboard-${name}`);

      // Everything was placed within the hour: the same standing, fetched for that period.
      await page.locator('[data-period=hour]').click();
      await expect(page.locator('[data-period=hour]')).toHaveAttribute('aria-selected', 'true');
      await until(
        async () => page.url(),
        (u) => /period=hour/.test(u),
        'the URL names the period',
      );
      await until(
        async () => requests,
        (r) => r.includes('GET /api/leaderboard?period=hour&limit=50') && r.includes('GET /api/leaderboard/me?period=hour'),
        'the hour requests',
      );
      await expect(page.locator('[data-mine] .leaderboard__rank')).toHaveText('3');
      check(await page.getByTestId('own-standing').count()).toBe(0);

      // The personal line in the account menu.
      await page.getByRole('button', { name: /^Account/ }).click();
      await expect(page.getByTestId('my-standing')).toContainText('This game: 11 pixels, rank 3');
      await close();
    });
  }

  it("shows the line below the list for a player who is off it, with the server's rank", async () => {
    const { page, close } = await open(DESKTOP);
    await page.goto('/');
    await signIn(page, 'Lurker');
    await page.goto('/leaderboard?period=day');
    await expect(page.locator('[data-period=day]')).toHaveAttribute('aria-selected', 'true');
    const own = page.getByTestId('own-standing');
    await expect(own, 20_000).toContainText('You: rank');
    const rank = Number(/You: rank (\d+), 1 pixel$/.exec((await own.textContent())!.trim())?.[1]);
    check(rank).toBeGreaterThan(50);
    check(await page.locator('[data-mine]').count()).toBe(0);
    await close();
  });

  for (const [name, options, path] of [
    ['phone', PHONE, '/?x=80&y=62&z=2.2'],
    ['desktop', DESKTOP, '/?x=80&y=60&z=5'],
  ] as const) {
    it(`draws the heatmap over the canvas for the last hour and day, aligned with the view (${name})`, async () => {
      const { page, close, requests } = await open(options);
      await page.goto(path);
      await waitForColor(page, 68, 38, '#000000', 15_000); // the logo's corner: the canvas is in
      await waitForColor(page, COLD[0].x, COLD[0].y, WHITE, 15_000); // and the view has settled
      await waitForColor(page, HOT.x, HOT.y, WHITE, 15_000);
      const bare = WHITE;
      const toggle = page.locator('[data-action=heatmap]');
      await toggle.click();
      await expect(toggle).toHaveAttribute('data-window', 'hour');
      await expect(page.getByTestId('heatmap-legend')).toContainText('last hour');
      // The spot the crew painted 20 times runs hot (red over blue); pixels nobody touched stay clear.
      const hotter = (c: string | null) => c !== null && parseInt(c.slice(1, 3), 16) > parseInt(c.slice(5, 7), 16) + 40;
      await until(() => paintedColor(page, HOT.x, HOT.y), hotter, `heat over (${HOT.x}, ${HOT.y})`, 15_000);
      // A pixel placed once (the logo's white middle) is tinted too, more faintly.
      await until(
        () => paintedColor(page, LOGO_WHITE.x, LOGO_WHITE.y),
        (c) => c !== null && c !== WHITE && !hotter(c),
        'faint heat over the logo',
      );
      for (const cold of COLD) check(await paintedColor(page, cold.x, cold.y)).toBe(WHITE);
      check(requests).toContain('GET /api/canvas/heatmap?window=hour');

      await toggle.click();
      await expect(toggle).toHaveAttribute('data-window', 'day');
      await expect(page.getByTestId('heatmap-legend')).toContainText('last 24 hours');
      await until(
        async () => requests,
        (r) => r.includes('GET /api/canvas/heatmap?window=day'),
        'the day heatmap request',
      );
      await until(() => paintedColor(page, HOT.x, HOT.y), hotter, `day heat over (${HOT.x}, ${HOT.y})`, 15_000);
      for (const cold of COLD) check(await paintedColor(page, cold.x, cold.y)).toBe(WHITE);
      await page.waitForTimeout(300);
      await shoot(page, `heatmap-${name}`);

      // Rotated, the layer still sits on the same canvas pixels.
      const before = await page.locator('pw-canvas-view canvas').getAttribute('data-view');
      await page.locator('[data-action=rotate]').click();
      await until(
        () => page.locator('pw-canvas-view canvas').getAttribute('data-view'),
        (v) => v !== before,
        'the view turned',
      );
      await until(() => paintedColor(page, HOT.x, HOT.y), hotter, 'heat over the hot spot after rotating');
      for (const cold of COLD)
        await until(
          () => paintedColor(page, cold.x, cold.y),
          (c) => c === WHITE,
          `(${cold.x}, ${cold.y}) clear after rotating`,
        );

      await toggle.click();
      await expect(toggle).toHaveAttribute('data-window', 'off');
      await expect(page.getByTestId('heatmap-legend')).toBeHidden();
      await until(
        () => paintedColor(page, HOT.x, HOT.y),
        (c) => c === bare,
        'no heat once off',
      );
      await close();
    });
  }

  it('offers the ready notification only after the first placement and shows it through the service worker while hidden (phone)', async () => {
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

    await expect(page.locator('[data-action=place]'), COOLDOWN_MS + 5000).toBeEnabled();
    await page.locator('[data-action=place]').click();
    await page.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = true));
    await until(
      () => page.evaluate(() => (window as unknown as { __shown: string[] }).__shown),
      (s) => s.length > 0,
      'a notification',
      COOLDOWN_MS + 5000,
    );
    check(await page.evaluate(() => (window as unknown as { __shown: string[] }).__shown)).toEqual(['Your pixel is ready']);
    // The vibration follows once the system has taken the notification.
    await until(
      () => page.evaluate(() => (window as unknown as { __vibrated: number }).__vibrated),
      (n) => n === 1,
      'one vibration',
      5000,
    );
    await context.close();
  });

  it('threw no uncaught errors', () => {
    check(errors).toEqual([]);
  });
});

describe('charges against the real server (PIXEL_CHARGES=3)', () => {
  const CHARGE_MS = 15_000;
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ CANVAS_WIDTH: String(WIDTH), CANVAS_HEIGHT: String(HEIGHT), COOLDOWN_MS: String(CHARGE_MS), PIXEL_CHARGES: '3' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('places three in a row; the fourth is refused while the ring counts down to the next charge', async () => {
    const context = await browser.newContext({ ...DESKTOP, baseURL: server.url, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/?x=20&y=20&z=16');
    await signIn(page, 'charger');
    await play(page);
    const badge = page.getByTestId('charges');
    const line = page.getByTestId('charge-line');
    await expect(badge).toHaveText('3');
    await page.locator('pw-canvas-view canvas').click();
    await placeSelected(page, 2);
    await expect(badge).toHaveText('2');
    await expect(line).toContainText('2 charges · next in');
    await placeSelected(page, 3);
    await expect(badge).toHaveText('1');
    await placeSelected(page, 4);
    await expect(badge).toHaveText('0');
    await expect(page.locator('[data-action=place]')).toBeDisabled();
    await expect(line).toContainText('Next pixel');
    const label = page.locator('pw-cooldown-ring .cooldown-ring__label');
    await expect(label).toHaveText(/^\d+$/);
    const seconds = Number(await label.textContent());
    check(seconds).toBeGreaterThan(0);
    // (+1: the page maps the server's times onto its own clock, which can be a second off.)
    check(seconds).toBeLessThanOrEqual(CHARGE_MS / 1000 + 1);

    // The fourth placement, sent by the same player anyway, is refused with the time to the next charge.
    const login = (await (
      await fetch(`${server.url}/api/auth/dev`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: server.url },
        body: JSON.stringify({ name: 'charger' }),
      })
    ).json()) as { accessToken: string };
    const refused = await fetch(`${server.url}/api/canvas/pixels`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.accessToken}` },
      body: JSON.stringify({ x: 5, y: 5, color: 2 }),
    });
    check(refused.status).toBe(429);
    const body = (await refused.json()) as { code: string; retryAfterMs: number };
    check(body.code).toBe('COOLDOWN');
    const shown = Number(await label.textContent());
    check(Math.abs(Math.ceil(body.retryAfterMs / 1000) - shown)).toBeLessThanOrEqual(2);

    // The next charge comes back when the ring runs out.
    await expect(page.locator('[data-action=place]'), CHARGE_MS + 10_000).toBeEnabled();
    await expect(badge).toHaveText('1');
    await context.close();
    check(errors).toEqual([]);
  });
});
