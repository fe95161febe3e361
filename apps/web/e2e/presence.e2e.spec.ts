import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, PHONE, TrackedPage, launchBrowser, openPage } from './support/browser';
import { expect } from './support/expect';
import { play, signIn } from './support/player';
import { RunningServer, startServer } from './support/server';

const AFK_AFTER_MS = 4000;

describe('presence: queue and AFK', () => {
  let server: RunningServer;
  let browser: Browser;
  let alice: TrackedPage;
  let bob: TrackedPage;

  beforeAll(async () => {
    server = await startServer({ MAX_PLAYERS: '1', AFK_AFTER_MS: String(AFK_AFTER_MS) });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  // One story: the slot Alice holds is the one Bob waits for, and her going AFK frees it.
  it('queues the second player, drops the idle first one to AFK with a way back, then admits the queued one', async () => {
    alice = await openPage(browser, DESKTOP, server.url);
    bob = await openPage(browser, PHONE, server.url);
    await signIn(alice.page, 'alice');
    await play(alice.page);
    await signIn(bob.page, 'bob');
    await bob.page.locator('[data-action=play]').click();
    const bobStatus = bob.page.locator('pw-status-panel');
    await expect(bobStatus).toHaveAttribute('data-phase', 'queued');
    await expect(bobStatus).toContainText('In the queue: 1');
    // Queued players see the palette but cannot place yet.
    await expect(bob.page.locator('[data-action=place]')).toBeDisabled();
    await expect(bob.page.locator('[data-action=place]')).toContainText('Waiting for a slot');

    const aliceStatus = alice.page.locator('pw-status-panel');
    await expect(aliceStatus).toContainText('AFK in 0:0');
    await expect(aliceStatus, AFK_AFTER_MS + 5000).toHaveAttribute('data-phase', 'afk');
    await expect(aliceStatus).toContainText('You went AFK');
    await expect(alice.page.getByRole('button', { name: 'Play again' })).toBeVisible();

    await expect(bobStatus, 10_000).toHaveAttribute('data-phase', 'playing');
  });

  it('threw no uncaught errors', () => {
    check([...alice.errors, ...bob.errors]).toEqual([]);
  });
});

describe('presence: another tab', () => {
  let server: RunningServer;
  let browser: Browser;
  let carol: TrackedPage;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    carol = await openPage(browser, DESKTOP, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('moves the game to a newer tab and offers to play here again', async () => {
    await signIn(carol.page, 'carol');
    await play(carol.page);
    const second = await carol.context.newPage();
    await second.goto('/');
    // The newer tab restores the session and reconnects the player on its own.
    await expect(second.locator('pw-status-panel')).toHaveAttribute('data-phase', 'playing');
    const first = carol.page.locator('pw-status-panel');
    await expect(first).toHaveAttribute('data-phase', 'superseded');
    await expect(first).toContainText('another tab or device');
    await carol.page.getByRole('button', { name: 'Play here' }).click();
    await expect(first).toHaveAttribute('data-phase', 'playing');
    await expect(second.locator('pw-status-panel')).toHaveAttribute('data-phase', 'superseded');
    await second.close();
  });

  it('threw no uncaught errors', () => {
    check(carol.errors).toEqual([]);
  });
});
