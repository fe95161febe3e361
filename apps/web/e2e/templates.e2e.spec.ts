import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, PHONE, TrackedPage, launchBrowser, openPage } from './support/browser';
import { waitForColor } from './support/canvas';
import { expect } from './support/expect';
import { DOCS_SCREENSHOTS, RESULTS } from './support/paths';
import { placeSelected, play, signIn } from './support/player';
import { SeedPixel, joinAsPlayer, seedPixels } from './support/seed';
import { RunningServer, startServer } from './support/server';

const RED = 2; // #ff4500
const YELLOW = 4; // #ffd635
const BLACK = 27; // #000000
const PALETTE: Record<number, string> = { [RED]: '#ff4500', [YELLOW]: '#ffd635', [BLACK]: '#000000' };
const W = 24;
const H = 20;
const AT = { x: 100, y: 60 };

/** A pixel-art heart: red, a yellow highlight, transparent around it. */
function heart(): (number | null)[][] {
  return Array.from({ length: H }, (_, y) =>
    Array.from({ length: W }, (_, x) => {
      const u = (x + 0.5 - W / 2) / (W / 2.2);
      const v = (H / 2 - (y + 0.5)) / (H / 2.4) + 0.25;
      const inside = (u * u + v * v - 1) ** 3 - u * u * v ** 3 <= 0;
      if (!inside) return null;
      return x >= 6 && x <= 8 && y >= 4 && y <= 6 ? YELLOW : RED;
    }),
  );
}

const CELLS = heart();
const OPAQUE = CELLS.flatMap((row, y) => row.flatMap((c, x) => (c === null ? [] : [{ x: AT.x + x, y: AT.y + y, color: c }])));

/** The heart as a PNG made in the page (canvas.toDataURL), for the file input. */
async function heartPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ([cells, palette]) => {
      const canvas = document.createElement('canvas');
      canvas.width = cells[0].length;
      canvas.height = cells.length;
      const ctx = canvas.getContext('2d')!;
      cells.forEach((row, y) =>
        row.forEach((c, x) => {
          if (c === null) return;
          ctx.fillStyle = palette[c];
          ctx.fillRect(x, y, 1, 1);
        }),
      );
      return canvas.toDataURL('image/png');
    },
    [CELLS, PALETTE] as const,
  );
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

function viewOf(page: Page): Promise<number[]> {
  return page
    .locator('pw-canvas-view canvas')
    .getAttribute('data-view')
    .then((v) => v!.split(',').map(Number));
}

/** The view once it has stopped moving (the sheet growing or the template coming into view animate it). */
async function settledView(page: Page): Promise<number[]> {
  let last = (await viewOf(page)).join();
  for (let stableSince = Date.now(), start = Date.now(); Date.now() - stableSince < 400 && Date.now() - start < 10_000;) {
    await page.waitForTimeout(50);
    const now = (await viewOf(page)).join();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
  return last.split(',').map(Number);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  const file = join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file });
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  copyFileSync(file, join(DOCS_SCREENSHOTS, `${name}.png`));
}

/** Opens the template details (they start open right after saving). */
async function openDetails(page: Page): Promise<void> {
  const toggle = page.locator('[data-action=template-details]');
  await toggle.waitFor();
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
}

interface TemplateBody {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  pixels: string;
}

async function templateBody(base: string, id: string): Promise<TemplateBody> {
  const { name, x, y, width, height, pixels } = (await (await fetch(`${base}/api/templates/${id}`)).json()) as TemplateBody;
  return { name, x, y, width, height, pixels };
}

/** Saves a template through the real API as a dev-login user; returns its id. */
async function createTemplateAs(base: string, user: string, body: TemplateBody): Promise<string> {
  const login = (await (
    await fetch(`${base}/api/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: user }) })
  ).json()) as { accessToken: string };
  const created = await fetch(`${base}/api/templates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
    body: JSON.stringify(body),
  });
  if (created.status !== 201) throw new Error(`template not created: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { id: string }).id;
}

async function selectedPixel(page: Page): Promise<string> {
  return (await page.locator('pw-pixel-info-card .pixel-card__coords').innerText()).replace(/\s+/g, ' ');
}

describe('templates (PWA against the real /api/templates)', () => {
  let server: RunningServer;
  let browser: Browser;
  let ada: TrackedPage;
  let templateId = '';
  const griefs: SeedPixel[] = [];

  beforeAll(async () => {
    server = await startServer({ COOLDOWN_MS: '100' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('creates a template: upload, quantised preview, drag into place, name, save, link', async () => {
    ada = await openPage(
      browser,
      { ...DESKTOP, reducedMotion: 'reduce', serviceWorkers: 'block', permissions: ['clipboard-read', 'clipboard-write'] },
      server.url,
    );
    const { page } = ada;
    await signIn(page, 'Ada');
    await page.locator('.account__badge').click();
    await page.locator('[data-action=templates]').click();
    await page.waitForURL(/\/t$/);
    await page.getByTestId('template-file').setInputFiles({ name: 'heart.png', mimeType: 'image/png', buffer: await heartPng(page) });
    await expect(page.getByTestId('template-preview')).toBeVisible();
    await page.locator('[data-action=template-settings]').click();
    await expect(page.getByTestId('template-name-input')).toHaveValue('heart');

    // Drag the handle: the template follows the mouse in whole canvas pixels.
    const handle = page.locator('pw-template-handle');
    const scale = Math.hypot(...(await settledView(page)).slice(0, 2));
    const startX = Number(await page.getByTestId('template-x').inputValue());
    const startY = Number(await page.getByTestId('template-y').inputValue());
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 10 * scale, box.y + box.height / 2 - 5 * scale, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('template-x')).toHaveValue(String(startX + 10));
    await expect(page.getByTestId('template-y')).toHaveValue(String(startY - 5));
    // A quarter turn of the view: dragging right on screen now moves the template up the canvas.
    await page.locator('pw-canvas-view canvas').focus();
    await page.keyboard.press('r');
    const turned = (await handle.boundingBox())!;
    await page.mouse.move(turned.x + turned.width / 2, turned.y + turned.height / 2);
    await page.mouse.down();
    await page.mouse.move(turned.x + turned.width / 2 + 6 * scale, turned.y + turned.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('template-x')).toHaveValue(String(startX + 10));
    await expect(page.getByTestId('template-y')).toHaveValue(String(startY - 5 - 6));
    await page.keyboard.press('0');
    // Exact corner for the rest of the test.
    await page.getByTestId('template-x').fill(String(AT.x));
    await page.getByTestId('template-x').press('Tab');
    await page.getByTestId('template-y').fill(String(AT.y));
    await page.getByTestId('template-y').press('Tab');
    await page.getByTestId('template-name-input').fill('Heart');
    await page.locator('[data-action=save-template]').click();
    await page.waitForURL(/\/t\/[\w-]+$/);
    templateId = page.url().split('/').pop()!;

    // What the server received: the quantised heart, 255 where transparent.
    const sent = (await (await fetch(`${server.url}/api/templates/${templateId}`)).json()) as {
      name: string;
      x: number;
      y: number;
      width: number;
      height: number;
      pixels: string;
    };
    check({ name: sent.name, x: sent.x, y: sent.y, width: sent.width, height: sent.height }).toEqual({ name: 'Heart', ...AT, width: W, height: H });
    check([...Buffer.from(sent.pixels, 'base64')]).toEqual(CELLS.flat().map((c) => c ?? 255));

    await expect(page.getByTestId('template-name')).toHaveText('Heart');
    await expect(page.getByTestId('template-progress')).toHaveAttribute('data-percent', '0');
    check(await page.locator('.template-panel__link').inputValue()).toBe(`${server.url}/t/${templateId}`);
    await page.locator('[data-action=share-template]').click();
    await expect(page.locator('.toast__text', { hasText: 'Template link copied' })).toBeVisible();
    check(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url}/t/${templateId}`);
  });

  it('shows live progress as the canvas changes, and the grief list names who overwrote what', async () => {
    const { page } = ada;
    // Everything but the heart's lowest four rows is painted right…
    const painted = OPAQUE.filter((p) => p.y < AT.y + H - 4);
    await seedPixels(server.url, painted, 24, 100);
    await expect(page.getByTestId('template-progress'), 15_000).toHaveAttribute(
      'data-percent',
      String(Math.floor((painted.length / OPAQUE.length) * 1000) / 10),
    );
    // …then Mallory paints black over two of its pixels, the second one last.
    const mallory = await joinAsPlayer(server.url, 'Mallory');
    for (const target of [painted[40], painted[90]]) {
      const pixel = { x: target.x, y: target.y, color: BLACK };
      const response = await fetch(`${server.url}/api/canvas/pixels`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${mallory.token}` },
        body: JSON.stringify(pixel),
      });
      check(response.status).toBe(201);
      griefs.push({ ...target });
      await new Promise((r) => setTimeout(r, 150));
    }
    mallory.socket.disconnect();
    const expected = Math.floor(((painted.length - 2) / OPAQUE.length) * 1000) / 10;
    await expect(page.getByTestId('template-progress'), 15_000).toHaveAttribute('data-percent', String(expected));
    // The list is read when the template opens, on "next wrong" and every 30 s: open it afresh.
    await page.reload();
    await openDetails(page);
    const list = page.getByTestId('grief-list');
    await expect(list.locator('li').first()).toContainText(`(${griefs[1].x}, ${griefs[1].y}) Mallory painted black over`);
    await expect(list).toContainText(`(${griefs[0].x}, ${griefs[0].y}) Mallory painted black over`);
  });

  it('desktop: overlay at adjustable opacity, symbols at high zoom, then "next wrong pixel" selects the latest grief with its colour armed', async () => {
    const { page } = ada;
    const layer = page.locator('pw-template-layer canvas');
    await openDetails(page);
    await page.getByTestId('template-opacity').fill('80');
    await expect(layer).toHaveAttribute('data-opacity', '0.8');
    await screenshot(page, 'templates-overlay-desktop');

    await play(page);
    await page.locator('[data-action=next-wrong]').click();
    check(await selectedPixel(page)).toContain(`(${griefs[1].x}, ${griefs[1].y})`);
    await expect(page.locator(`[data-color="${griefs[1].color}"]`)).toHaveAttribute('aria-checked', 'true');
    await page.getByTestId('template-symbols').check();
    await expect(layer).toHaveAttribute('data-symbols', 'true');
    await screenshot(page, 'templates-fix-desktop');

    await placeSelected(page, griefs[1].color);
    await waitForColor(page, griefs[1].x, griefs[1].y, PALETTE[griefs[1].color], 3000);
    // The next tap moves on to the older grief.
    await page.locator('[data-action=next-wrong]').click();
    await expect(page.locator('pw-pixel-info-card .pixel-card__coords')).toContainText(`(${griefs[0].x}, ${griefs[0].y})`);
    check(ada.errors).toEqual([]);
  });

  it('phone: fix mode from the shared link, and several templates kept and switched', async () => {
    const bob = await openPage(browser, { ...PHONE, reducedMotion: 'reduce', serviceWorkers: 'block' }, server.url);
    const { page } = bob;
    await page.goto(`/t/${templateId}`);
    await expect(page.getByTestId('template-name'), 30_000).toHaveText('Heart'); // a cold page on a loaded machine
    await screenshot(page, 'templates-overlay-phone');
    await signIn(page, 'Bob');
    await play(page);
    await page.locator('[data-action=next-wrong]').tap();
    await expect(page.locator('pw-pixel-info-card .pixel-card__coords')).toContainText(`(${griefs[0].x}, ${griefs[0].y})`);
    await expect(page.locator(`[data-color="${griefs[0].color}"]`)).toHaveAttribute('aria-checked', 'true');
    check(Math.hypot(...(await viewOf(page)).slice(0, 2))).toBeGreaterThanOrEqual(20);
    await screenshot(page, 'templates-fix-phone');
    await page.locator('[data-action=place]').tap();
    await waitForColor(page, griefs[0].x, griefs[0].y, PALETTE[griefs[0].color], 3000);

    // A second template, opened by link, is kept beside the first; switch back.
    const second = await createTemplateAs(server.url, 'Carol', { ...(await templateBody(server.url, templateId)), name: 'Second', x: 10, y: 10 });
    await page.goto(`/t/${second}`);
    await expect(page.getByTestId('template-name')).toHaveText('Second');
    await openDetails(page);
    const kept = page.locator('.template-panel__kept a');
    await expect(kept).toHaveCount(2);
    await kept.filter({ hasText: 'Heart' }).tap();
    await expect(page.getByTestId('template-name')).toHaveText('Heart');
    check(page.url()).toMatch(new RegExp(`/t/${templateId}$`));

    // Placing a new template with a finger: a touch drag moves it by whole pixels.
    await page.goto('/t');
    await page.getByTestId('template-file').setInputFiles({ name: 'heart.png', mimeType: 'image/png', buffer: await heartPng(page) });
    await expect(page.getByTestId('template-preview'), 30_000).toBeVisible();
    await page.waitForTimeout(600); // the sheet grew with the preview: the view settles above it
    await page.locator('[data-action=template-settings]').tap();
    await page.getByTestId('template-x').waitFor();
    const x0 = Number(await page.getByTestId('template-x').inputValue());
    await page.locator('[data-action=template-settings]').tap();
    const scale = Math.hypot(...(await settledView(page)).slice(0, 2));
    const box = (await page.locator('pw-template-handle').boundingBox())!;
    const hit = await page.evaluate(
      ([x, y]) => !!document.elementFromPoint(x, y)?.closest('pw-template-handle'),
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    check(hit, 'the handle is on top where the finger lands').toBe(true);
    const cdp = await page.context().newCDPSession(page);
    const at = (dx: number) => [{ x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
    for (let step = 1; step <= 5; step++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at((step * 8 * scale) / 5) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const settings = page.locator('[data-action=template-settings]');
    await settings.tap();
    // Once in two runs on the loaded machine the first tap after the gesture did not open the panel: tap again then.
    await expect(settings, 3000)
      .toHaveAttribute('aria-expanded', 'true')
      .catch(() => settings.tap());
    await expect(settings).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('template-x')).toHaveValue(String(x0 + 8));
    await screenshot(page, 'templates-create-phone');
    check(bob.errors).toEqual([]);
    await bob.context.close();
  });
});
