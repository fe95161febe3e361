import { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect as check, it } from 'vitest';
import { DESKTOP, PHONE, TrackedPage, launchBrowser, openPage } from './support/browser';
import { paintedColor, shownVersion, waitForColor } from './support/canvas';
import { expect } from './support/expect';
import { placeSelected, play, signIn } from './support/player';
import { joinAsPlayer, place } from './support/seed';
import { RunningServer, startServer } from './support/server';

const WHITE = '#ffffff';
const BLUE = '#2450a4'; // palette index 12
const ORANGE = '#ff4500'; // palette index 2
const YELLOW = '#ffd635'; // palette index 4
const GUEST_POLL_MS = 500;

/**
 * Every test starts from an empty canvas on its own server and opens its own pages, so
 * each one passes or fails alone, in any order.
 */
describe('playing together', () => {
  let browser: Browser;
  let server: RunningServer;
  let opened: TrackedPage[];

  /** A page of this test at `path`; its uncaught errors fail the test. */
  async function open(viewport: BrowserContextOptions, path = '/?x=12&y=7&z=24'): Promise<TrackedPage> {
    const tracked = await openPage(browser, viewport, server.url);
    opened.push(tracked);
    if (path !== '/') await tracked.page.goto(path);
    return tracked;
  }

  /** A signed-in page that pressed Play. */
  async function player(name: string, viewport: BrowserContextOptions): Promise<TrackedPage> {
    const tracked = await open(viewport);
    await signIn(tracked.page, name);
    await play(tracked.page);
    return tracked;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    opened = [];
    server = await startServer({ GUEST_POLL_MS: String(GUEST_POLL_MS), COOLDOWN_MS: '1500' });
  });
  afterEach(async () => {
    const errors = opened.flatMap((p) => p.errors);
    await Promise.all(opened.map((p) => p.context.close()));
    await server.dispose();
    check(errors, 'uncaught errors in the pages').toEqual([]);
  });

  it('shows the canvas to a guest, with a call to sign in', async () => {
    const guest = await open(DESKTOP);
    await expect(guest.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'guest');
    await expect(guest.page.getByRole('button', { name: 'Sign in to play' })).toBeVisible();
    await waitForColor(guest.page, 12, 7, WHITE, 5000);
    check(await shownVersion(guest.page)).toBe(0);
    // Outside the canvas is the page backdrop, not canvas white.
    check(await paintedColor(guest.page, -3, 7)).not.toBe(WHITE);
  });

  it('lets two signed-in players press Play; a placed pixel reaches the other within a second', async () => {
    const alice = await player('alice', DESKTOP);
    const bob = await player('bob', PHONE);
    check(await paintedColor(bob.page, 12, 7)).toBe(WHITE);

    const clickedAt = Date.now();
    await placeSelected(alice.page, 12);
    await waitForColor(bob.page, 12, 7, BLUE, 1000);
    console.log(`[e2e] bob saw alice's pixel ${Date.now() - clickedAt} ms after she chose the colour and pressed Place`);
    check(Date.now() - clickedAt).toBeLessThan(1000);
    await waitForColor(alice.page, 12, 7, BLUE, 1000);
    await expect(alice.page.getByTestId('pixel-owner')).toContainText('alice');
    await expect(bob.page.getByTestId('pixel-owner')).toContainText('alice');
    check(await shownVersion(bob.page)).toBe(1);
  });

  it('shows a placed pixel to a guest after its next poll', async () => {
    const guest = await open(DESKTOP);
    await waitForColor(guest.page, 12, 7, WHITE, 5000);
    const alice = await joinAsPlayer(server.url, 'alice');
    try {
      await place(server.url, alice.token, { x: 12, y: 7, color: 12 });
    } finally {
      alice.socket.disconnect();
    }
    // the snapshot is retaken within one poll interval of the change, and the guest polls once per interval
    const took = await waitForColor(guest.page, 12, 7, BLUE, GUEST_POLL_MS * 2 + 3000);
    console.log(`[e2e] the guest saw it ${took} ms later`);
    check(await shownVersion(guest.page)).toBe(1);
  });

  it('enforces the cooldown in the interface', async () => {
    const alice = await player('alice', DESKTOP);
    await placeSelected(alice.page, 12);
    await waitForColor(alice.page, 12, 7, BLUE, 2000);
    const place = alice.page.locator('[data-action=place]');
    await alice.page.locator('[data-color="2"]').click();
    await expect(alice.page.locator('[data-color="2"]')).toHaveAttribute('aria-checked', 'true');
    await expect(place).toContainText('Wait');
    await expect(place).toBeDisabled();
    await expect(place, 3000).toBeEnabled();
  });

  it('places from the phone with the confirm button only (a tap just selects)', async () => {
    const bob = await player('bob', PHONE);
    const alice = await player('alice', DESKTOP);
    const page = bob.page;
    const box = await page.locator('pw-canvas-view canvas').boundingBox();
    check(box).not.toBeNull();
    await page.locator('[data-color="2"]').click();
    await expect(page.locator('[data-color="2"]')).toHaveAttribute('aria-checked', 'true');
    // Tap the pixel at (13, 7): it is selected and previewed, not placed.
    const [a, b, c, d, e, f] = (await page.locator('pw-canvas-view canvas').getAttribute('data-view'))!.split(',').map(Number);
    await page.touchscreen.tap(box!.x + a * 13.5 + c * 7.5 + e, box!.y + b * 13.5 + d * 7.5 + f);
    await expect(page.locator('.pixel-card__coords')).toContainText('(13, 7)');
    await page.waitForTimeout(400);
    check(await shownVersion(page)).toBe(0);
    await page.locator('[data-action=place]').click();
    await waitForColor(page, 13, 7, ORANGE, 2000);
    await waitForColor(alice.page, 13, 7, ORANGE, 1000);
  });

  it('keeps the session across a reload and resumes playing', async () => {
    const alice = await player('alice', DESKTOP);
    await placeSelected(alice.page, 12);
    await waitForColor(alice.page, 12, 7, BLUE, 2000);
    await alice.page.reload();
    await expect(alice.page.getByTestId('user-name')).toHaveText('alice');
    await expect(alice.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'playing');
    await waitForColor(alice.page, 12, 7, BLUE, 3000);
  });

  it('signs out back to guest mode', async () => {
    const bob = await player('bob', PHONE);
    await bob.page.getByRole('button', { name: /^Account/ }).click();
    await bob.page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(bob.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'guest');
    await bob.page.reload();
    await expect(bob.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'guest');
  });

  it('keeps the live canvas for offline use', async () => {
    // A pixel that is in the snapshot the page loads …
    const seeder = await joinAsPlayer(server.url, 'seeder');
    try {
      await place(server.url, seeder.token, { x: 13, y: 7, color: 2 });
    } finally {
      seeder.socket.disconnect();
    }
    const alice = await player('alice', DESKTOP);
    const { page, context } = alice;
    await page.evaluate(async () => navigator.serviceWorker.ready);
    if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
    await waitForColor(page, 13, 7, ORANGE, 3000);
    // … and a change that only the socket delivered (no poll since) …
    await expect(page.locator('.pixel-card__coords')).toContainText('(12, 7)');
    await placeSelected(page, 4);
    await waitForColor(page, 12, 7, YELLOW, 2000);
    // … are both in the copy written when the page is left.
    await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
    await page.waitForTimeout(500);
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('.offline')).toBeVisible();
    await waitForColor(page, 12, 7, YELLOW, 5000);
    await waitForColor(page, 13, 7, ORANGE, 5000);
    await context.setOffline(false);
  });
});
