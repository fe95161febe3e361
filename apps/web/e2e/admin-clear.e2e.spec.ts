import { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect as check, it } from 'vitest';
import type { ConfigResponse } from '@pixel-wars/protocol';
import { FakeBotApi } from '../../api/test/telegram/fake-bot-api';
import { DESKTOP, TrackedPage, launchBrowser, openPage } from './support/browser';
import { shownVersion, waitForColor } from './support/canvas';
import { expect } from './support/expect';
import { placeSelected, play, signIn } from './support/player';
import { SeedPixel, seedPixels } from './support/seed';
import { RunningServer, startServer } from './support/server';

const ADMIN = { id: 424_242, username: 'pw_admin' };
const GUEST_POLL_MS = 300;
/** The pixel the signed-in player places through the interface (palette 2, orange). */
const PLACED: SeedPixel = { x: 128, y: 96, color: 2 };
/** Pixels other players place through the API: the four corners and two more. */
const SEEDED: SeedPixel[] = [
  { x: 0, y: 0, color: 0 },
  { x: 255, y: 0, color: 4 },
  { x: 0, y: 191, color: 6 },
  { x: 255, y: 191, color: 12 },
  { x: 40, y: 150, color: 27 },
  { x: 200, y: 30, color: 18 },
];
/** The colour the admin clears to (#3690ea): neither the background nor any drawn pixel. */
const CLEAR_COLOR = 13;

/** How many canvas pixels show each colour, read at the centre of every canvas pixel. */
interface Census {
  /** Canvas pixels whose centre is outside the <canvas> element (the whole canvas must be in view). */
  outside: number;
  counts: Record<string, number>;
  version: number;
}

/**
 * Reads the painted <canvas> once and maps the centre of every canvas pixel (width × height)
 * through the view matrix the element publishes in data-view, as `paintedColor` does for one.
 */
function census(page: Page, width: number, height: number): Promise<Census | null> {
  return page.evaluate(
    ([w, h]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('pw-canvas-view canvas');
      const view = canvas?.dataset['view'];
      const ctx = canvas?.getContext('2d');
      if (!canvas || !view || !ctx || canvas.clientWidth === 0) return null;
      const [a, b, c, d, e, f] = view.split(',').map(Number);
      const dpr = canvas.width / canvas.clientWidth;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const counts: Record<string, number> = {};
      let outside = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const sx = Math.floor((a * (x + 0.5) + c * (y + 0.5) + e) * dpr);
          const sy = Math.floor((b * (x + 0.5) + d * (y + 0.5) + f) * dpr);
          if (sx < 0 || sy < 0 || sx >= canvas.width || sy >= canvas.height) {
            outside++;
            continue;
          }
          const i = (sy * canvas.width + sx) * 4;
          const hex = '#' + [data[i], data[i + 1], data[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('');
          counts[hex] = (counts[hex] ?? 0) + 1;
        }
      }
      return { outside, counts, version: Number(canvas.dataset['version']) };
    },
    [width, height] as const,
  );
}

/** Waits until the whole canvas is in view and painted with exactly `expected` colour counts. */
async function waitForCensus(page: Page, width: number, height: number, expected: Record<string, number>, timeoutMs: number): Promise<number> {
  const start = Date.now();
  const want = JSON.stringify(Object.entries(expected).sort());
  for (;;) {
    const last = await census(page, width, height);
    if (last && last.outside === 0 && JSON.stringify(Object.entries(last.counts).sort()) === want) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`canvas shows ${JSON.stringify(last)}, expected ${want} within ${timeoutMs} ms`);
    await page.waitForTimeout(50);
  }
}

describe('admin /clear through the Telegram bot reaches an open browser', () => {
  let api: FakeBotApi;
  let server: RunningServer;
  let browser: Browser;
  let config: ConfigResponse;
  let player: TrackedPage;
  let guest: TrackedPage;

  const hex = (index: number) => config.palette[index];
  const drawn = (): Record<string, number> => {
    const counts: Record<string, number> = { [hex(config.backgroundColor)]: config.width * config.height };
    for (const p of [PLACED, ...SEEDED]) {
      counts[hex(config.backgroundColor)]--;
      counts[hex(p.color)] = (counts[hex(p.color)] ?? 0) + 1;
    }
    return counts;
  };
  const cleared = () => ({ [hex(CLEAR_COLOR)]: config.width * config.height });

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    server = await startServer({
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_ADMIN_IDS: String(ADMIN.id),
      GUEST_POLL_MS: String(GUEST_POLL_MS),
    });
    // The server's bot long-polls the fake Bot API.
    await api.waitForCall('getUpdates', () => true, { timeoutMs: 10_000 });
    config = (await (await fetch(`${server.url}/api/config`)).json()) as ConfigResponse;
    browser = await launchBrowser();
    await drawCanvas();
  }, 60_000);

  afterEach(() => {
    // Neither page threw an uncaught error during the test.
    check([...(player?.errors ?? []), ...(guest?.errors ?? [])]).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await api?.stop();
  });

  /**
   * The state every test starts from (set up once, so each test also runs alone): a
   * signed-in player who placed a pixel through the interface and views the whole canvas,
   * other players' pixels seeded through the API, and a guest.
   */
  const drawCanvas = async () => {
    // A signed-in player presses Play and places a pixel through the interface …
    player = await openPage(browser, DESKTOP, server.url);
    await player.page.goto(`/?x=${PLACED.x}&y=${PLACED.y}`);
    await signIn(player.page, 'alice');
    await play(player.page);
    await placeSelected(player.page, PLACED.color);
    await waitForColor(player.page, PLACED.x, PLACED.y, hex(PLACED.color), 3000);
    // … then deselects it (no outline or preview over the picture) and views the whole canvas.
    await player.page.getByRole('button', { name: 'Deselect the pixel' }).click();
    await player.page.locator('pw-canvas-view canvas').focus();
    await player.page.keyboard.press('0');

    // Other players draw through the API; the socket brings their pixels.
    await seedPixels(server.url, SEEDED, SEEDED.length);
    await waitForCensus(player.page, config.width, config.height, drawn(), 5000);
    guest = await openPage(browser, DESKTOP, server.url);
  };

  it('shows a drawn canvas to a playing player and to a guest', async () => {
    check(config.width * config.height).toBe(256 * 192);
    check(new Set([config.backgroundColor, PLACED.color, ...SEEDED.map((p) => p.color)]).has(CLEAR_COLOR)).toBe(false);
    await waitForCensus(player.page, config.width, config.height, drawn(), 5000);
    await expect(player.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'playing');
    await expect(guest.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'guest');
    await waitForCensus(guest.page, config.width, config.height, drawn(), 5000);
    check(await shownVersion(guest.page)).toBe(1 + SEEDED.length);
  }, 20_000);

  it(`/clear ${CLEAR_COLOR}, confirmed with the inline button, paints the open player's canvas that colour everywhere, and the guest's after its next poll`, async () => {
    const before = await shownVersion(player.page);
    check(before).toBe(1 + SEEDED.length);

    let since = api.calls.length;
    api.sendText(ADMIN, `/clear ${CLEAR_COLOR}`);
    const prompt = await api.waitForCall('sendMessage', (c) => c.params['chat_id'] === ADMIN.id, { since });
    check(prompt.params['text']).toContain(`Clear the whole ${config.width}×${config.height} canvas to colour <b>${CLEAR_COLOR}</b>`);
    const [confirm] = FakeBotApi.buttons(prompt);
    check(confirm.text).toBe('Clear the canvas');

    // Nothing happens before the admin confirms.
    await player.page.waitForTimeout(300);
    check(await shownVersion(player.page)).toBe(before);
    await waitForCensus(player.page, config.width, config.height, drawn(), 0);

    since = api.calls.length;
    const pressedAt = Date.now();
    api.pressButton(ADMIN, prompt, confirm.data);
    const answer = await api.waitForCall('answerCallbackQuery', () => true, { since });
    check(answer.params['callback_query_id']).toBeTruthy();
    const edit = await api.waitForCall('editMessageText', () => true, { since });
    check(edit.params['text']).toContain(`Canvas cleared to colour <b>${CLEAR_COLOR}</b>`);
    const clearedVersion = Number(/version (\d+)/.exec(edit.params['text'])?.[1]);
    check(clearedVersion).toBe(before + 1);

    // The reset record reaches the open page over its socket: every canvas pixel turns that colour.
    await waitForCensus(player.page, config.width, config.height, cleared(), 3000);
    console.log(`[e2e] the player's canvas was all ${hex(CLEAR_COLOR)} ${Date.now() - pressedAt} ms after the admin pressed the button`);
    check(await shownVersion(player.page)).toBe(clearedVersion);
    // Still playing: the reset came over the open socket, not through a reload.
    await expect(player.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'playing');

    const took = await waitForCensus(guest.page, config.width, config.height, cleared(), GUEST_POLL_MS * 2 + 1500);
    console.log(`[e2e] the guest saw the cleared canvas ${took} ms after the player`);
    check(await shownVersion(guest.page)).toBe(clearedVersion);
  }, 30_000);
});
