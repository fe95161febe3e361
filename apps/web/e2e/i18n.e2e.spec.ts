import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { DESKTOP, PHONE, launchBrowser, openPage } from './support/browser';
import { waitForColor } from './support/canvas';
import { expect } from './support/expect';
import { DOCS_SCREENSHOTS, RESULTS } from './support/paths';
import { play, signIn } from './support/player';
import { logoPixels, seedPixels, textPixels } from './support/seed';
import { RunningServer, startServer } from './support/server';
import { cyrillicTexts, latinTexts } from './support/texts';

const PALETTE_ORANGE = '#ff4500';
/** Seeded pixels belong to "seed-N"; e-mail addresses are data, not interface. */
const DATA = [/seed-\d+/g, /\S+@\S+/g, /#[0-9a-f]{6}/gi];

interface Walk {
  locale: string;
  lang: 'ru' | 'en';
  /** Texts in the wrong script at this moment (an empty list passes). */
  foreign: (page: Page) => Promise<string[]>;
  play: string;
  signInToPlay: string;
  historyTitle: string;
  feedbackEmpty: string;
  names: Record<'phone' | 'desktop', string>;
}

const RUSSIAN: Walk = {
  locale: 'ru-RU',
  lang: 'ru',
  foreign: (page) => latinTexts(page, DATA),
  play: 'Играть',
  signInToPlay: 'Войти и играть',
  historyTitle: 'История · Pixel Wars',
  feedbackEmpty: 'Напишите сообщение.',
  names: { phone: 'Миша', desktop: 'Ада Лавлейс' },
};

const ENGLISH: Walk = {
  locale: 'en-US',
  lang: 'en',
  foreign: cyrillicTexts,
  play: 'Play',
  signInToPlay: 'Sign in to play',
  historyTitle: 'History · Pixel Wars',
  feedbackEmpty: 'Please write a message.',
  names: { phone: 'Mika', desktop: 'Ada Lovelace' },
};

describe('the game in Russian and in English', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ CANVAS_WIDTH: '160', CANVAS_HEIGHT: '120', COOLDOWN_MS: '1000' });
    browser = await launchBrowser();
    mkdirSync(RESULTS, { recursive: true });
    // Something to look at in the screenshots, drawn through the public API.
    await seedPixels(server.url, [...logoPixels(68, 38, 5), ...textPixels('PIXEL WARS', 58, 62, 27)], 40, 1000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** Fails with the offending texts when the page shows anything in the other script. */
  async function onlyIn(walk: Walk, page: Page, where: string): Promise<void> {
    check({ where, foreign: await walk.foreign(page) }).toEqual({ where, foreign: [] });
  }

  for (const walk of [RUSSIAN, ENGLISH]) {
    for (const [device, options] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as [keyof Walk['names'], BrowserContextOptions][]) {
      it(`speaks only ${walk.lang === 'ru' ? 'Russian' : 'English'} on a ${device} whose browser is set to ${walk.locale}`, async () => {
        const { page, context, errors } = await openPage(browser, { ...options, locale: walk.locale, reducedMotion: 'reduce' }, server.url);
        await page.goto(device === 'phone' ? '/?x=77&y=52&z=10' : '/?x=77&y=47&z=8');
        await expect(page.locator('html')).toHaveAttribute('lang', walk.lang);
        const status = page.locator('pw-status-panel');
        await expect(status).toHaveAttribute('data-phase', 'guest');
        await expect(status.locator('[data-action=sign-in]')).toHaveText(walk.signInToPlay);
        await waitForColor(page, 70, 40, PALETTE_ORANGE, 5000);
        await onlyIn(walk, page, 'guest screen');

        await status.locator('[data-action=sign-in]').click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await onlyIn(walk, page, 'sign-in dialog');
        await page.getByRole('dialog').locator('[data-action=dev-sign-in]').click();
        await expect(page.locator('#dev-name-error')).toHaveText(/./);
        await onlyIn(walk, page, 'sign-in dialog with an error');
        await page.getByRole('dialog').locator('#dev-name').fill(walk.names[device]);
        await page.getByRole('dialog').locator('[data-action=dev-sign-in]').click();
        await expect(page.getByTestId('user-name')).toHaveText(walk.names[device]);

        // The Play button reads «Играть» / "Play".
        await expect(status.locator('[data-action=play]')).toHaveText(walk.play);
        await onlyIn(walk, page, 'ready to play');
        await play(page);
        await page.locator('[data-color="13"]').click();
        await expect(page.getByTestId('pixel-owner')).toContainText('seed-');
        await expect(page.locator('[data-action=place]')).toBeEnabled();
        await onlyIn(walk, page, 'playing, a pixel selected');
        if (walk.lang === 'ru') {
          await page.waitForTimeout(300);
          const file = join(RESULTS, `${device}-ru.png`);
          await page.screenshot({ path: file });
          mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
          copyFileSync(file, join(DOCS_SCREENSHOTS, `${device}-ru.png`));
        }

        await page.locator('.account__badge').click();
        await expect(page.locator('#account-menu')).toBeVisible();
        await onlyIn(walk, page, 'account menu');
        await page.keyboard.press('Escape');
        await expect(page.locator('#account-menu')).toBeHidden();

        await page.locator('[data-nav=history]').click();
        await expect(page.getByTestId('history-empty')).toBeVisible();
        check(await page.title()).toBe(walk.historyTitle);
        await onlyIn(walk, page, 'history');

        await page.locator('[data-nav=feedback]').click();
        await page.locator('[data-action=send-feedback]').click();
        await expect(page.locator('#feedback-message-error')).toHaveText(walk.feedbackEmpty);
        await onlyIn(walk, page, 'feedback with an error');

        check(errors).toEqual([]);
        await context.close();
      });
    }
  }

  it('switches language by hand on the guest screen, keeps it across a reload and takes it to the account at sign-in', async () => {
    const { page, context, errors } = await openPage(browser, { ...DESKTOP, reducedMotion: 'reduce' }, server.url);
    const status = page.locator('pw-status-panel');
    await expect(status.locator('[data-action=sign-in]')).toHaveText('Sign in to play');
    await status.locator('[data-action=language]').selectOption('ru');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(status.locator('[data-action=sign-in]')).toHaveText('Войти и играть');
    check(await latinTexts(page, DATA)).toEqual([]);
    check(await page.locator('link[rel=manifest]').getAttribute('href')).toBe('manifest.ru.webmanifest');

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(status.locator('[data-action=sign-in]')).toHaveText('Войти и играть');

    // Signing in saves the guest's choice on the account: another device (English
    // browser, nothing stored) follows once the same player signs in there.
    await signIn(page, 'Polyglot');
    await expect(status.locator('[data-action=play]')).toHaveText('Играть');
    const other = await openPage(browser, DESKTOP, server.url);
    await expect(other.page.locator('pw-status-panel [data-action=sign-in]')).toHaveText('Sign in to play');
    await signIn(other.page, 'Polyglot');
    await expect(other.page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(other.page.locator('pw-status-panel [data-action=play]')).toHaveText('Играть');
    check([...errors, ...other.errors]).toEqual([]);
    await other.context.close();
    await context.close();
  });

  it('switches in the account menu while signed in; the account remembers it across devices', async () => {
    const { page, context, errors } = await openPage(browser, { ...PHONE, locale: 'ru-RU', reducedMotion: 'reduce' }, server.url);
    await signIn(page, 'Switcher');
    const status = page.locator('pw-status-panel');
    await expect(status.locator('[data-action=play]')).toHaveText('Играть');
    await page.locator('.account__badge').click();
    await page.locator('#account-menu [data-action=language]').selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(status.locator('[data-action=play]')).toHaveText('Play');
    await expect(page.locator('#account-menu [data-action=sign-out]')).toHaveText('Sign out');

    await page.reload();
    await expect(page.getByTestId('user-name')).toHaveText('Switcher');
    await expect(status.locator('[data-action=play]')).toHaveText('Play');

    // A Russian browser that never chose: the account's English wins after sign-in.
    const other = await openPage(browser, { ...DESKTOP, locale: 'ru-RU' }, server.url);
    await expect(other.page.locator('pw-status-panel [data-action=sign-in]')).toHaveText('Войти и играть');
    await signIn(other.page, 'Switcher');
    await expect(other.page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(other.page.locator('pw-status-panel [data-action=play]')).toHaveText('Play');
    check([...errors, ...other.errors]).toEqual([]);
    await other.context.close();
    await context.close();
  });

  it('serves the web app manifest in each language', async () => {
    const en = (await (await fetch(`${server.url}/manifest.webmanifest`)).json()) as Record<string, unknown>;
    const ru = (await (await fetch(`${server.url}/manifest.ru.webmanifest`)).json()) as Record<string, unknown>;
    check(en).toMatchObject({ lang: 'en', name: 'Pixel Wars', description: check.stringContaining('One shared canvas') });
    check(en['description_localized']).toEqual({ ru: ru['description'] });
    check(ru).toMatchObject({ lang: 'ru', name: 'Pixel Wars', id: en['id'], start_url: en['start_url'], icons: en['icons'] });
    check(ru['description']).toMatch(/^Один общий холст/);
  });
});
