import { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect as check, it } from 'vitest';
import { DESKTOP, TrackedPage, launchBrowser, openPage } from './support/browser';
import { shownVersion, waitForColor } from './support/canvas';
import { expect } from './support/expect';
import { placeSelected, play, signIn } from './support/player';
import { RunningServer, startServer } from './support/server';

const ORANGE = '#ff4500';
const BLUE = '#2450a4';

/** Each test has its own server and pages, so it passes or fails alone, in any order. */
describe('losing the connection', () => {
  let server: RunningServer;
  let browser: Browser;
  let alice: TrackedPage;
  let bob: TrackedPage;
  const bobChanges: string[] = [];

  /** Alice and Bob signed in and playing, both looking at (30, 20). */
  async function bothPlaying(): Promise<void> {
    await alice.page.goto('/?x=30&y=20&z=16');
    await bob.page.goto('/?x=30&y=20&z=16');
    await signIn(alice.page, 'alice');
    await signIn(bob.page, 'bob');
    await play(alice.page);
    await play(bob.page);
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    server = await startServer({ COOLDOWN_MS: '300' });
    alice = await openPage(browser, { ...DESKTOP, serviceWorkers: 'block' }, server.url);
    bob = await openPage(browser, { ...DESKTOP, serviceWorkers: 'block' }, server.url);
    bobChanges.length = 0;
    bob.page.on('request', (r) => r.url().includes('/api/canvas/changes') && bobChanges.push(r.url()));
  });
  afterEach(async () => {
    const errors = [...alice.errors, ...bob.errors];
    await Promise.all([alice.context.close(), bob.context.close()]);
    await server.dispose();
    check(errors, 'uncaught errors in the pages').toEqual([]);
  });

  it('shows "reconnecting…" while the server is away, then catches up on the missed changes through /api/canvas/changes', async () => {
    await bothPlaying();
    await server.stop(true);
    await expect(bob.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'stalled');
    await expect(bob.page.locator('pw-status-panel')).toContainText('Reconnecting');
    // Bob stays cut off while Alice reconnects and paints.
    await bob.context.setOffline(true);
    await server.start();
    await expect(alice.page.locator('pw-status-panel'), 20_000).toHaveAttribute('data-phase', 'playing');
    await placeSelected(alice.page, 2);
    await waitForColor(alice.page, 30, 20, ORANGE, 3000);
    check(await shownVersion(bob.page)).toBe(0);

    await bob.context.setOffline(false);
    await expect(bob.page.locator('pw-status-panel'), 20_000).toHaveAttribute('data-phase', 'playing');
    await waitForColor(bob.page, 30, 20, ORANGE, 5000);
    check(bobChanges.some((url) => /since=0$/.test(url))).toBe(true);
    check(await shownVersion(bob.page)).toBe(1);
    // And the stream carries on from there.
    await alice.page.waitForTimeout(400);
    await placeSelected(alice.page, 12);
    await waitForColor(bob.page, 30, 20, BLUE, 2000);
    check(await shownVersion(bob.page)).toBe(2);
  });

  it('refreshes the access token once when the socket handshake refuses it, then plays on', async () => {
    await bothPlaying();
    const refreshes: string[] = [];
    alice.page.on('request', (r) => r.url().endsWith('/api/auth/refresh') && refreshes.push(r.url()));
    // A new signing key: every access token issued so far is now refused, the refresh cookie is not.
    await server.stop();
    await expect(alice.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'stalled');
    await server.start({ JWT_SECRET: 'another-e2e-secret-abcdefghijklmnopqrstuvwxyz' });
    await expect(alice.page.locator('pw-status-panel'), 20_000).toHaveAttribute('data-phase', 'playing');
    check(refreshes.length).toBe(1);
    await alice.page.waitForTimeout(400);
    await placeSelected(alice.page, 2);
    await waitForColor(bob.page, 30, 20, ORANGE, 3000);
  });
});
