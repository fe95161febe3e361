import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, TrackedPage, launchBrowser, openPage } from './support/browser';
import { waitForColor } from './support/canvas';
import { expect } from './support/expect';
import { placeSelected, play } from './support/player';
import { RunningServer, startServer } from './support/server';

const YELLOW = '#ffd635'; // palette index 4

/** What the PWA sent to one endpoint: status of each answer and whether it carried a solution. */
function track(page: TrackedPage['page'], path: string): Array<{ status: number; solved: boolean }> {
  const seen: Array<{ status: number; solved: boolean }> = [];
  let answeredAt = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === path && request.headers()['x-altcha'] && answeredAt) {
      console.log(`[e2e] ${path}: solved and sent again ${Date.now() - answeredAt} ms after the challenge arrived`);
    }
  });
  page.on('response', (response) => {
    const request = response.request();
    if (request.method() === 'POST' && new URL(request.url()).pathname === path) {
      answeredAt = Date.now();
      seen.push({ status: response.status(), solved: request.headers()['x-altcha'] !== undefined });
    }
  });
  return seen;
}

describe('CAPTCHA=pow in the browser: challenges are solved in the background', () => {
  let server: RunningServer;
  let browser: Browser;
  let alice: TrackedPage;

  beforeAll(async () => {
    // the rule is set to trip after 3 timed placements whatever their pace, to reach the placement path quickly
    server = await startServer({
      CAPTCHA: 'pow',
      CAPTCHA_MAX_NUMBER: '20000',
      CAPTCHA_BOT_STREAK: '3',
      CAPTCHA_BOT_WINDOW_MS: '60000',
      CAPTCHA_BOT_JITTER_MS: '10000',
      COOLDOWN_MS: '300',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('signs in with the dev form and nothing more: the PWA solves the challenge in a Web Worker and retries', async () => {
    alice = await openPage(browser, DESKTOP, server.url);
    const workers: string[] = [];
    alice.page.on('worker', (worker) => workers.push(worker.url()));
    const signIns = track(alice.page, '/api/auth/dev');
    await alice.page.goto('/?x=12&y=7&z=24');
    const started = Date.now();
    await alice.page.locator('pw-status-panel [data-action=sign-in]').click();
    const dialog = alice.page.getByRole('dialog');
    await dialog.locator('#dev-name').fill('alice');
    await dialog.locator('[data-action=dev-sign-in]').click();
    // nothing else is pressed; on a machine this loaded, allow the solving its time
    await expect(alice.page.getByTestId('user-name'), 45_000).toHaveText('alice');
    console.log(`[e2e] signed in ${Date.now() - started} ms after pressing the button (challenge solved in between)`);
    check(signIns).toEqual([
      { status: 403, solved: false },
      { status: 200, solved: true },
    ]);
    check(workers.some((url) => /worker/.test(url))).toBe(true);
  });

  it('a placement that needs a solution goes through without the player doing anything', async () => {
    const placements = track(alice.page, '/api/canvas/pixels');
    await play(alice.page);
    for (const color of [2, 4, 2, 4]) await placeSelected(alice.page, color);
    await waitForColor(alice.page, 12, 7, YELLOW, 3000);
    check(placements.every((p) => p.status === 201)).toBe(true);
    await placeSelected(alice.page, 2);
    await placeSelected(alice.page, 4);
    await waitForColor(alice.page, 12, 7, YELLOW, 5000);
    const last = placements.slice(4);
    check(last[0]).toEqual({ status: 403, solved: false });
    check(last.slice(1).map((p) => p.status)).toEqual([201, 201]);
    check(last[1].solved).toBe(true);
  });
});
