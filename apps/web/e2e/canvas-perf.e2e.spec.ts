import { Browser } from 'playwright-core';
import { decodeChangesAnswer, lastVersionOf } from '../../../libs/protocol/src/index';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, TrackedPage, launchBrowser, openPage } from './support/browser';
import { shownVersion } from './support/canvas';
import { expect } from './support/expect';
import { placeRandomly } from './support/load';
import { play, signIn } from './support/player';
import { RunningServer, startServer } from './support/server';

const SIZE = 2000;

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
}

/** Starts recording requestAnimationFrame intervals in the page. */
async function startFrameProbe(page: TrackedPage['page']): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __probe: boolean };
    w.__frames = [];
    w.__probe = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__probe) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopFrameProbe(page: TrackedPage['page']): Promise<FrameStats> {
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __probe: boolean };
    w.__probe = false;
    return w.__frames.slice(1);
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { frames: frames.length, p50: at(0.5), p95: at(0.95), max: Math.round(sorted[sorted.length - 1] ?? 0) };
}

describe('a 2000×2000 canvas under load', () => {
  let server: RunningServer;
  let browser: Browser;
  let player: TrackedPage;

  beforeAll(async () => {
    server = await startServer({ CANVAS_WIDTH: String(SIZE), CANVAS_HEIGHT: String(SIZE), COOLDOWN_MS: '0' });
    browser = await launchBrowser();
    player = await openPage(browser, { ...DESKTOP, serviceWorkers: 'block' }, server.url);
    await expect(player.page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'guest');
    await signIn(player.page, 'watcher');
    await play(player.page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('pans and zooms smoothly while the stream applies every change exactly', async () => {
    const { page } = player;
    const box = (await page.locator('pw-canvas-view canvas').boundingBox())!;
    const load = placeRandomly(server.url, SIZE, SIZE, 16, 8000);
    await startFrameProbe(page);
    // Drag-pan and wheel-zoom around for the duration of the load.
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const until = Date.now() + 7000;
    let step = 0;
    while (Date.now() < until) {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 0; i < 10; i++) await page.mouse.move(cx + Math.sin(step + i / 3) * 200, cy + Math.cos(step + i / 3) * 120);
      await page.mouse.up();
      await page.mouse.wheel(0, step % 2 === 0 ? -240 : 200);
      step++;
    }
    const stats = await stopFrameProbe(page);
    const { accepted, durationMs } = await load;
    const rate = Math.round((accepted / durationMs) * 1000);
    console.log(
      `[e2e] 2000×2000: ${accepted} placements (${rate}/s) while panning; frame interval p50 ${stats.p50} ms, p95 ${stats.p95} ms, max ${stats.max} ms over ${stats.frames} frames`,
    );
    check(accepted).toBeGreaterThan(200);
    check(stats.p95).toBeLessThan(100);
    // Every accepted change reached the page, in order, with no version lost.
    const answer = decodeChangesAnswer(new Uint8Array(await (await fetch(`${server.url}/api/canvas/changes?since=0`)).arrayBuffer()));
    const serverVersion = lastVersionOf(answer.batch);
    check(serverVersion).toBe(accepted);
    const start = Date.now();
    while ((await shownVersion(page)) < accepted && Date.now() - start < 5000) await page.waitForTimeout(50);
    check(await shownVersion(page)).toBe(accepted);
    check(player.errors).toEqual([]);
  });
});
