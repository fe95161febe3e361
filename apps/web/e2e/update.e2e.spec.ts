import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, TrackedPage, launchBrowser, openPage } from './support/browser';
import { expect } from './support/expect';
import { WEB_DIST } from './support/paths';
import { RunningServer, startServer } from './support/server';

/** Publishes a "new version" of the copied PWA: a changed index.html listed in ngsw.json. */
function deployNewVersion(dir: string, marker: string): void {
  const indexPath = join(dir, 'index.html');
  const html = readFileSync(indexPath, 'utf8').replace('</head>', `<meta name="pw-build" content="${marker}">\n</head>`);
  writeFileSync(indexPath, html);
  const manifestPath = join(dir, 'ngsw.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { timestamp: number; hashTable: Record<string, string> };
  manifest.hashTable['/index.html'] = createHash('sha1').update(html).digest('hex');
  manifest.timestamp = Date.now();
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}

describe('deploying a new version', () => {
  let server: RunningServer;
  let browser: Browser;
  let user: TrackedPage;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'pixel-wars-web-'));
    cpSync(WEB_DIST, webDir, { recursive: true });
    // Slow guest polling lets the worker go idle: it checks for updates once idle (≥ 5 s).
    server = await startServer({ WEB_DIST_DIR: webDir, GUEST_POLL_MS: '20000' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('offers to reload once the service worker has the new version, and the reload shows it', async () => {
    user = await openPage(browser, DESKTOP, server.url);
    const { page } = user;
    await page.evaluate(async () => navigator.serviceWorker.ready);
    await page.reload();
    check(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await expect(page.locator('.update')).toBeHidden();

    deployNewVersion(webDir, 'second');
    // The worker looks for updates on navigations (here: another tab opening the app), when
    // the tab comes back into view and every 30 minutes; the open page is then told.
    const other = await user.context.newPage();
    await other.goto('/');
    const prompt = page.locator('.update');
    await expect(prompt, 45_000).toContainText('A new version of Pixel Wars is ready');
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('meta[name="pw-build"]')).toHaveAttribute('content', 'second');
    await expect(page.locator('.update')).toBeHidden();
    check(user.errors).toEqual([]);
  });
});
