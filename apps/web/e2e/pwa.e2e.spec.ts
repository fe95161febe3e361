import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, PHONE, launchBrowser, openPage } from './support/browser';
import { paintedColor, waitForColor } from './support/canvas';
import { expect } from './support/expect';
import { DOCS_SCREENSHOTS, RESULTS } from './support/paths';
import { play, signIn } from './support/player';
import { pngSize } from './support/png';
import { SeedPixel, logoPixels, seedPixels, textPixels } from './support/seed';
import { RunningServer, startServer } from './support/server';

const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PALETTE_BLACK = '#000000';
const PALETTE_ORANGE = '#ff4500';

describe('installable PWA', () => {
  let server: RunningServer;
  let browser: Browser;
  let art: SeedPixel[];

  beforeAll(async () => {
    server = await startServer({ CANVAS_WIDTH: '160', CANVAS_HEIGHT: '120', COOLDOWN_MS: '1000' });
    browser = await launchBrowser();
    mkdirSync(RESULTS, { recursive: true });
    // Something to look at: the logo in pixels, drawn through the public API.
    art = [...logoPixels(68, 38, 5), ...textPixels('PIXEL WARS', 58, 62, 27)];
    await seedPixels(server.url, art, 40, 1000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('serves a complete web app manifest with PNG icons', async () => {
    const html = await (await fetch(server.url + '/')).text();
    check(html).toMatch(/<link rel="manifest" href="manifest.webmanifest">/);
    check(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline scripts
    const manifest = (await (await fetch(server.url + '/manifest.webmanifest')).json()) as {
      name: string;
      short_name: string;
      display: string;
      start_url: string;
      theme_color: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    check(manifest.name).toBe('Pixel Wars');
    check(manifest.short_name).toBeTruthy();
    check(manifest.display).toBe('standalone');
    check(manifest.start_url).toBe('/');
    check(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    const pngs = manifest.icons.filter((i) => i.type === 'image/png');
    check(pngs.map((i) => i.sizes)).toEqual(check.arrayContaining(['192x192', '512x512']));
    check(pngs.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of pngs) {
      const response = await fetch(`${server.url}/${icon.src}`);
      check(response.status).toBe(200);
      const size = pngSize(new Uint8Array(await response.arrayBuffer()));
      check(`${size.width}x${size.height}`).toBe(icon.sizes);
    }
  });

  it('registers the service worker, which then controls the page', async () => {
    const { page, context } = await openPage(browser, DESKTOP, server.url);
    const script = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? null);
    check(script).toBe(`${server.url}/ngsw-worker.js`);
    await page.reload();
    check(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toBe(`${server.url}/ngsw-worker.js`);
    await context.close();
  });

  it('opens offline on the last canvas seen', async () => {
    const { page, context, errors } = await openPage(browser, DESKTOP, server.url);
    await page.goto('/?x=70&y=40&z=10');
    await page.evaluate(async () => navigator.serviceWorker.ready);
    await waitForColor(page, 70, 40, PALETTE_ORANGE, 5000);
    // Let the service worker take control and the canvas copy be written.
    await page.reload();
    await waitForColor(page, 70, 40, PALETTE_ORANGE, 5000);
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('.offline')).toBeVisible();
    await waitForColor(page, 70, 40, PALETTE_ORANGE, 5000);
    check(await paintedColor(page, 68, 38)).toBe(PALETTE_BLACK);
    check(await paintedColor(page, 58, 62)).toBe(PALETTE_BLACK);
    await context.setOffline(false);
    await expect(page.locator('.offline'), 15_000).toBeHidden();
    check(errors).toEqual([]);
    await context.close();
  });

  it('runs under a strict Content-Security-Policy (no inline script or style)', async () => {
    // Chromium treats a document fulfilled by the test as public and would then refuse
    // its WebSocket to localhost (Local Network Access): switch that check off here.
    const lenient = await launchBrowser(['--disable-features=LocalNetworkAccessChecks']);
    const context = await lenient.newContext({ ...DESKTOP, baseURL: server.url, serviceWorkers: 'block' });
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
    });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => m.text().includes('Content Security Policy') && refused.push(m.text()));
    await page.goto('/?x=70&y=40&z=10');
    await waitForColor(page, 70, 40, PALETTE_ORANGE, 5000);
    await signIn(page, 'csp-check');
    await play(page);
    await page.goto('/feedback');
    await expect(page.getByRole('heading', { name: 'Feedback' })).toBeVisible();
    check(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    check(refused).toEqual([]);
    await lenient.close();
  });

  it('takes phone and desktop screenshots (light and dark)', async () => {
    for (const [name, options, scheme] of [
      ['phone', PHONE, 'light'],
      ['desktop', DESKTOP, 'light'],
      ['phone-dark', PHONE, 'dark'],
      ['desktop-dark', DESKTOP, 'dark'],
    ] as const) {
      const { page, context } = await openPage(browser, { ...options, colorScheme: scheme, reducedMotion: 'reduce' }, server.url);
      await page.goto(name.startsWith('phone') ? '/?x=77&y=52&z=10' : '/?x=77&y=47&z=8');
      await waitForColor(page, 70, 40, PALETTE_ORANGE, 5000);
      await signIn(page, { phone: 'Mika', desktop: 'Ada Lovelace', 'phone-dark': 'Noor', 'desktop-dark': 'Grace Hopper' }[name]);
      await play(page);
      await page.locator('[data-color="13"]').click();
      await expect(page.getByTestId('pixel-owner')).toContainText('seed-');
      await expect(page.locator('[data-action=place]')).toBeEnabled();
      await page.waitForTimeout(300);
      const file = join(RESULTS, `${name}.png`);
      await page.screenshot({ path: file });
      if (name === 'phone' || name === 'desktop') {
        mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
        copyFileSync(file, join(DOCS_SCREENSHOTS, `${name}.png`));
      }
      await context.close();
    }
  });
});
