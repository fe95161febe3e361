import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, PHONE, TrackedPage, launchBrowser, openPage } from './support/browser';
import { paintedColor, shownVersion, waitForColor } from './support/canvas';
import { expect } from './support/expect';
import { placeSelected, play, signIn } from './support/player';
import { RunningServer, startServer } from './support/server';

const WHITE = '#ffffff';
const BLUE = '#2450a4'; // palette index 12
const ORANGE = '#ff4500'; // palette index 2
const YELLOW = '#ffd635'; // palette index 4
const GUEST_POLL_MS = 500;

describe('playing together', () => {
  let server: RunningServer;
  let browser: Browser;
  let guest: TrackedPage;
  let alice: TrackedPage;
  let bob: TrackedPage;

  beforeAll(async () => {
    server = await startServer({ GUEST_POLL_MS: String(GUEST_POLL_MS), COOLDOWN_MS: '1500' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows the canvas to a guest, with a call to sign in', async () => {
    guest = await openPage(browser, DESKTOP, server.url);
    await guest.page.goto('/?x=12&y=7&z=24');
    await expect(guest.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'guest');
    await expect(guest.page.getByRole('button', { name: 'Sign in to play' })).toBeVisible();
    await waitForColor(guest.page, 12, 7, WHITE, 5000);
    check(await shownVersion(guest.page)).toBe(0);
    // Outside the canvas is the page backdrop, not canvas white.
    check(await paintedColor(guest.page, -3, 7)).not.toBe(WHITE);
  });

  it('lets two signed-in players press Play; a placed pixel reaches the other within a second', async () => {
    alice = await openPage(browser, DESKTOP, server.url);
    bob = await openPage(browser, PHONE, server.url);
    await alice.page.goto('/?x=12&y=7&z=24');
    await bob.page.goto('/?x=12&y=7&z=24');
    await signIn(alice.page, 'alice');
    await signIn(bob.page, 'bob');
    await play(alice.page);
    await play(bob.page);
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

  it('shows the pixel to the guest after its next poll', async () => {
    const took = await waitForColor(guest.page, 12, 7, BLUE, GUEST_POLL_MS * 2 + 1500);
    console.log(`[e2e] the guest saw it ${took} ms later`);
    check(await shownVersion(guest.page)).toBe(1);
  });

  it('enforces the cooldown in the interface', async () => {
    const place = alice.page.locator('[data-action=place]');
    await alice.page.locator('[data-color="2"]').click();
    await expect(alice.page.locator('[data-color="2"]')).toHaveAttribute('aria-checked', 'true');
    await expect(place).toContainText('Wait');
    await expect(place).toBeDisabled();
    await expect(place, 3000).toBeEnabled();
  });

  it('places from the phone with the confirm button only (a tap just selects)', async () => {
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
    check(await shownVersion(page)).toBe(1);
    await page.locator('[data-action=place]').click();
    await waitForColor(page, 13, 7, ORANGE, 2000);
    await waitForColor(alice.page, 13, 7, ORANGE, 1000);
  });

  it('keeps the session across a reload and resumes playing', async () => {
    await alice.page.reload();
    await expect(alice.page.getByTestId('user-name')).toHaveText('alice');
    await expect(alice.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'playing');
    await waitForColor(alice.page, 12, 7, BLUE, 3000);
    await waitForColor(alice.page, 13, 7, ORANGE, 3000);
  });

  it('signs out back to guest mode', async () => {
    await bob.page.getByRole('button', { name: /^Account/ }).click();
    await bob.page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(bob.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'guest');
    await bob.page.reload();
    await expect(bob.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'guest');
  });

  it('keeps the live canvas for offline use', async () => {
    const { page, context } = alice;
    await page.evaluate(async () => navigator.serviceWorker.ready);
    if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
    // A change that only the socket delivered (no poll since) …
    await expect(page.locator('.pixel-card__coords')).toContainText('(12, 7)');
    await placeSelected(page, 4);
    await waitForColor(page, 12, 7, YELLOW, 2000);
    // … is in the copy written when the page is left.
    await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
    await page.waitForTimeout(500);
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('.offline')).toBeVisible();
    await waitForColor(page, 12, 7, YELLOW, 5000);
    await waitForColor(page, 13, 7, ORANGE, 5000);
    await context.setOffline(false);
  });

  it('threw no uncaught errors in any page', () => {
    check([...guest.errors, ...alice.errors, ...bob.errors]).toEqual([]);
  });
});
