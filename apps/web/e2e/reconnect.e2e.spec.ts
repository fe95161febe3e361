import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, TrackedPage, launchBrowser, openPage } from './support/browser';
import { shownVersion, waitForColor } from './support/canvas';
import { expect } from './support/expect';
import { placeSelected, play, signIn } from './support/player';
import { RunningServer, startServer } from './support/server';

const ORANGE = '#ff4500';
const BLUE = '#2450a4';

describe('losing the connection', () => {
  let server: RunningServer;
  let browser: Browser;
  let alice: TrackedPage;
  let bob: TrackedPage;
  const bobChanges: string[] = [];

  beforeAll(async () => {
    server = await startServer({ COOLDOWN_MS: '300' });
    browser = await launchBrowser();
    alice = await openPage(browser, { ...DESKTOP, serviceWorkers: 'block' }, server.url);
    bob = await openPage(browser, { ...DESKTOP, serviceWorkers: 'block' }, server.url);
    bob.page.on('request', (r) => r.url().includes('/api/canvas/changes') && bobChanges.push(r.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows "reconnecting…" while the server is away and resumes when it is back', async () => {
    await alice.page.goto('/?x=30&y=20&z=16');
    await bob.page.goto('/?x=30&y=20&z=16');
    await signIn(alice.page, 'alice');
    await signIn(bob.page, 'bob');
    await play(alice.page);
    await play(bob.page);
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
  });

  it('catches up on the missed changes through /api/canvas/changes after reconnecting', async () => {
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

  it('threw no uncaught errors', () => {
    check([...alice.errors, ...bob.errors]).toEqual([]);
  });
});
