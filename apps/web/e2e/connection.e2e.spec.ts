import { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { FakeBotApi } from '../../api/test/telegram/fake-bot-api';
import { DESKTOP, PHONE, TrackedPage, launchBrowser, openPage } from './support/browser';
import { expect } from './support/expect';
import { Proxy, startHostRewritingProxy } from './support/host-rewriting-proxy';
import { play, signIn } from './support/player';
import { RunningServer, startServer } from './support/server';

const ADMIN = { id: 515_151, username: 'pw_admin' };
/** docs/protocol.md 8: a refused or failing handshake is explained within 5 s. */
const EXPLAINED_WITHIN_MS = 5000;

/** Waits until the status panel explains a failed join; resolves to the time since `since`. */
async function explained(page: Page, problem: string, since: number): Promise<number> {
  const status = page.locator('pw-status-panel');
  await expect(status, EXPLAINED_WITHIN_MS + 1000).toHaveAttribute('data-phase', 'failed');
  await expect(page.getByTestId('connection-problem')).toHaveAttribute('data-problem', problem);
  return Date.now() - since;
}

/** Counts the WebSocket connections a page opens to /socket.io. */
function countSockets(page: Page): () => number {
  let count = 0;
  page.on('websocket', (ws) => ws.url().includes('/socket.io/') && count++);
  return () => count;
}

describe('a /play join that fails is explained, with a way forward', () => {
  let api: FakeBotApi;
  let server: RunningServer;
  let browser: Browser;
  const pages: TrackedPage[] = [];

  const open = async (options: Parameters<typeof openPage>[1], url = server.url): Promise<TrackedPage> => {
    const tracked = await openPage(browser, { ...options, reducedMotion: 'reduce' }, url);
    pages.push(tracked);
    return tracked;
  };

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    server = await startServer({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.url, TELEGRAM_ADMIN_IDS: String(ADMIN.id) });
    await api.waitForCall('getUpdates', () => true, { timeoutMs: 10_000 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await api?.stop();
  });

  it('server unreachable (stopped): says so in the player’s language within 5 s, and "try again" joins once it is back', async () => {
    const { page } = await open({ ...PHONE, locale: 'ru-RU', serviceWorkers: 'block' });
    await signIn(page, 'Недоступный');
    await play(page);
    await page.locator('pw-status-panel [data-action=leave]').click();
    await expect(page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'idle');
    await server.stop();
    const clicked = Date.now();
    await page.locator('pw-status-panel [data-action=play]').click();
    const took = await explained(page, 'unreachable', clicked);
    console.log(`[e2e] unreachable explained ${took} ms after Play`);
    check(took).toBeLessThan(EXPLAINED_WITHIN_MS);
    await expect(page.getByTestId('connection-problem')).toHaveText('Игровой сервер недоступен. Проверьте подключение и попробуйте снова.');
    await expect(page.locator('pw-status-panel [data-action=retry]')).toHaveText('Попробовать снова');
    await server.start();
    await page.locator('pw-status-panel [data-action=retry]').click();
    await expect(page.locator('pw-status-panel'), 10_000).toHaveAttribute('data-phase', 'playing');
  });

  it('UNAUTHORIZED (session over: signing key rotated, refresh cookie gone): one refresh, then "sign in again" with a sign-in action', async () => {
    const { page, context } = await open(DESKTOP);
    await signIn(page, 'expired');
    const refreshes: string[] = [];
    page.on('request', (r) => r.url().endsWith('/api/auth/refresh') && refreshes.push(r.url()));
    await server.stop();
    await server.start({ JWT_SECRET: 'e2e-rotated-secret-0123456789-0123456789-abc' });
    await context.clearCookies();
    const clicked = Date.now();
    await page.locator('pw-status-panel [data-action=play]').click();
    const took = await explained(page, 'unauthorized', clicked);
    console.log(`[e2e] UNAUTHORIZED explained ${took} ms after Play`);
    check(took).toBeLessThan(EXPLAINED_WITHIN_MS);
    check(refreshes.length).toBe(1);
    await expect(page.getByTestId('connection-problem')).toHaveText('Your session has ended. Sign in again to play.');
    await page.locator('pw-status-panel [data-action=sign-in]').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#dev-name').fill('expired');
    await dialog.locator('[data-action=dev-sign-in]').click();
    await expect(page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'idle');
    await play(page);
  });

  it('BANNED (an admin bans through the Telegram bot): the playing player is told at once, and a new handshake is refused', async () => {
    const { page } = await open(PHONE);
    await signIn(page, 'rulebreaker');
    await play(page);
    const sockets = countSockets(page);

    const since = api.calls.length;
    const banned = Date.now();
    // Dev-login accounts are <name>@dev.local.
    api.sendText(ADMIN, '/ban rulebreaker@dev.local');
    // A bot that asks to confirm gets its first button pressed.
    const reply = await api.waitForCall('sendMessage', (c) => c.params['chat_id'] === ADMIN.id, { since });
    const [confirm] = FakeBotApi.buttons(reply);
    if (confirm) api.pressButton(ADMIN, reply, confirm.data);
    const took = await explained(page, 'banned', banned);
    console.log(`[e2e] the ban reached the player ${took} ms after the admin's command`);
    check(took).toBeLessThan(EXPLAINED_WITHIN_MS);
    await expect(page.getByTestId('connection-problem')).toHaveText('Your account is banned from playing.');
    await expect(page.locator('.toast')).toContainText('You have been banned from placing pixels.');

    // "Try again" asks the server again: the handshake is refused with BANNED.
    const clicked = Date.now();
    await page.locator('pw-status-panel [data-action=retry]').click();
    while (sockets() === 0 && Date.now() - clicked < EXPLAINED_WITHIN_MS) await page.waitForTimeout(20);
    check(sockets()).toBe(1);
    const again = await explained(page, 'banned', clicked);
    check(again).toBeLessThan(EXPLAINED_WITHIN_MS);
  });

  describe('behind a proxy that sends WebSocket upgrades with the wrong Host', () => {
    let proxy: Proxy;

    beforeAll(async () => {
      proxy = await startHostRewritingProxy({ port: server.port, host: `localhost:${server.port}` });
    });

    afterAll(async () => {
      await proxy?.close();
    });

    it('refused origin (for real: the server turns the socket away): explained within 5 s with "try again"', async () => {
      const { page } = await open({ ...DESKTOP, serviceWorkers: 'block' }, proxy.url);
      await signIn(page, 'behind-proxy');
      const sockets = countSockets(page);
      const clicked = Date.now();
      await page.locator('pw-status-panel [data-action=play]').click();
      const took = await explained(page, 'refused', clicked);
      console.log(`[e2e] refused origin explained ${took} ms after Play (${sockets()} WebSocket attempts)`);
      check(took).toBeLessThan(EXPLAINED_WITHIN_MS);
      check(sockets()).toBeGreaterThanOrEqual(2);
      await expect(page.getByTestId('connection-problem')).toHaveText('The game server refused the connection from this address.');
      await expect(page.locator('pw-status-panel [data-action=retry]')).toBeVisible();
    });

    it('ORIGIN_NOT_ALLOWED and RATE_LIMITED bodies of the Engine.IO refusal (route-fulfilled probe) are read at the first failure', async () => {
      const { page } = await open({ ...DESKTOP, serviceWorkers: 'block' }, proxy.url);
      await signIn(page, 'limited');
      const sockets = countSockets(page);
      let refusal = { status: 403, body: { code: 4, message: 'ORIGIN_NOT_ALLOWED' } };
      await page.route(
        (url) => url.pathname === '/socket.io/' && url.searchParams.get('transport') === 'polling',
        (route) => route.fulfill({ status: refusal.status, contentType: 'application/json', body: JSON.stringify(refusal.body) }),
      );
      await page.locator('pw-status-panel [data-action=play]').click();
      await explained(page, 'refused', Date.now());
      check(sockets()).toBe(1);

      refusal = { status: 429, body: { code: 4, message: 'RATE_LIMITED' } };
      const clicked = Date.now();
      await page.locator('pw-status-panel [data-action=retry]').click();
      await expect(page.getByTestId('connection-problem'), EXPLAINED_WITHIN_MS).toHaveAttribute('data-problem', 'rate-limited');
      check(Date.now() - clicked).toBeLessThan(EXPLAINED_WITHIN_MS);
      check(sockets()).toBe(2);
      await expect(page.getByTestId('connection-problem')).toHaveText('Too many connections from your network. Wait a moment, then try again.');
    });
  });

  it('threw no uncaught errors', () => {
    check(pages.flatMap((p) => p.errors)).toEqual([]);
  });
});
