import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as check, it } from 'vitest';
import { signTestInitData, TestTelegramUser } from '../../api/src/app/auth/testing/telegram-init-data';
import { PHONE, TrackedPage, launchBrowser } from './support/browser';
import { waitForColor } from './support/canvas';
import { expect } from './support/expect';
import { DOCS_SCREENSHOTS, RESULTS } from './support/paths';
import { play, signIn } from './support/player';
import { RunningServer, startServer } from './support/server';

const BOT_TOKEN = '7000000001:TEST-mini-app-e2e-token_abcdefghijk';
const BLUE = '#2450a4'; // palette index 12

interface Look {
  scheme: 'light' | 'dark';
  theme: Record<string, string>;
}

const LIGHT: Look = {
  scheme: 'light',
  theme: {
    bg_color: '#fafbfc',
    secondary_bg_color: '#eef1f4',
    section_bg_color: '#ffffff',
    text_color: '#101418',
    hint_color: '#707579',
    link_color: '#2481cc',
    button_color: '#2481cc',
    button_text_color: '#ffffff',
  },
};
const DARK: Look = {
  scheme: 'dark',
  theme: {
    bg_color: '#17212b',
    secondary_bg_color: '#232e3c',
    section_bg_color: '#17212b',
    text_color: '#f5f5f5',
    hint_color: '#708499',
    link_color: '#6ab3f3',
    button_color: '#5288c1',
    button_text_color: '#ffffff',
  },
};

interface FakeOptions {
  initData: string;
  user: TestTelegramUser;
  scheme: 'light' | 'dark';
  theme: Record<string, string>;
}

/**
 * A stand-in for Telegram's `window.Telegram.WebApp`, installed before the app's scripts run
 * (Playwright addInitScript): it records every call in `window.__tg.calls` and lets the test
 * press the MainButton and the BackButton like the Telegram client would.
 */
function installFakeTelegram(options: FakeOptions): void {
  const calls: unknown[][] = [];
  const handlers: Record<string, Array<() => void>> = { main: [], back: [] };
  const bottomButton = (name: string) => ({
    text: '',
    isVisible: false,
    isActive: true,
    setText(text: string) {
      this.text = text;
      calls.push([`${name}.setText`, text]);
      return this;
    },
    show() {
      this.isVisible = true;
      calls.push([`${name}.show`]);
      return this;
    },
    hide() {
      this.isVisible = false;
      calls.push([`${name}.hide`]);
      return this;
    },
    enable() {
      this.isActive = true;
      return this;
    },
    disable() {
      this.isActive = false;
      return this;
    },
    onClick(callback: () => void) {
      handlers[name].push(callback);
      return this;
    },
    offClick(callback: () => void) {
      handlers[name] = handlers[name].filter((h) => h !== callback);
      return this;
    },
  });
  const main = bottomButton('main');
  const back = bottomButton('back');
  (window as unknown as { Telegram: unknown }).Telegram = {
    WebApp: {
      initData: options.initData,
      initDataUnsafe: { user: options.user },
      colorScheme: options.scheme,
      themeParams: options.theme,
      safeAreaInset: { top: 0, bottom: 0, left: 0, right: 0 },
      contentSafeAreaInset: { top: 0, bottom: 0, left: 0, right: 0 },
      ready: () => calls.push(['ready']),
      expand: () => calls.push(['expand']),
      onEvent: (event: string) => calls.push(['onEvent', event]),
      MainButton: main,
      BackButton: back,
      HapticFeedback: { notificationOccurred: (type: string) => calls.push(['haptic', type]), impactOccurred: () => undefined },
    },
  };
  (window as unknown as { __tg: unknown }).__tg = {
    calls,
    main,
    back,
    pressMain: () => handlers['main'].forEach((h) => h()),
    pressBack: () => handlers['back'].forEach((h) => h()),
  };
}

interface TgState {
  calls: unknown[][];
  main: { text: string; isVisible: boolean; isActive: boolean };
  back: { isVisible: boolean };
}

const tgState = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __tg: TgState }).__tg)) as TgState);

async function until(page: Page, what: string, ok: (state: TgState) => boolean, timeoutMs = 10_000): Promise<TgState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await tgState(page);
    if (ok(state)) return state;
    if (Date.now() > deadline) throw new Error(`${what}: Telegram state ${JSON.stringify(state)}`);
    await page.waitForTimeout(50);
  }
}

describe('the PWA as a Telegram Mini App (fake Telegram.WebApp, phone)', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: TrackedPage[] = [];

  async function openInTelegram(user: TestTelegramUser, look: Look): Promise<TrackedPage> {
    const context = await browser.newContext({ ...PHONE, baseURL: server.url, colorScheme: look.scheme });
    const initData = signTestInitData(BOT_TOKEN, user);
    await context.addInitScript(installFakeTelegram, { initData, user, scheme: look.scheme, theme: look.theme });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Telegram opens the Mini App with its launch parameters in the fragment
    await page.goto(`/?x=12&y=7&z=24#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0`);
    const tracked = { context, page, errors };
    opened.push(tracked);
    return tracked;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, name);
    await page.waitForTimeout(300);
    await page.screenshot({ path: file });
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    copyFileSync(file, join(DOCS_SCREENSHOTS, name));
  }

  beforeAll(async () => {
    server = await startServer({ TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_ROOT: 'http://127.0.0.1:9', TELEGRAM_BOT_USERNAME: 'pixel_wars_e2e_bot' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const t of opened) await t.context.close();
    await browser?.close();
    await server?.dispose();
  });

  it('signs in with the init data by itself, takes the theme, expands; Play reaches playing', async () => {
    const { page, errors } = await openInTelegram({ id: 424242, first_name: 'Tess', last_name: 'Telegram', language_code: 'en' }, LIGHT);
    await expect(page.getByTestId('user-name')).toHaveText('Tess Telegram');
    const state = await until(page, 'ready and expand', (s) => s.calls.some((c) => c[0] === 'ready') && s.calls.some((c) => c[0] === 'expand'));
    check(state.calls.filter((c) => c[0] === 'onEvent').map((c) => c[1])).toContain('themeChanged');
    const colours = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement);
      return {
        bg: style.getPropertyValue('--bg').trim(),
        accent: style.getPropertyValue('--accent').trim(),
        body: getComputedStyle(document.body).backgroundColor,
      };
    });
    check(colours).toMatchObject({ bg: LIGHT.theme.bg_color, accent: LIGHT.theme.button_color });
    check(colours.body).toBe('rgb(250, 251, 252)');
    await expect(page.locator('.play__loading')).toBeHidden();
    await play(page);
    check(errors).toEqual([]);
  });

  it('places with Telegram’s MainButton on a phone, with haptic feedback', async () => {
    const { page } = opened[0];
    check(await page.locator('[data-action=place]').count()).toBe(0);
    await page.locator('[data-color="12"]').click();
    const ready = await until(page, 'MainButton shown and enabled', (s) => s.main.isVisible && s.main.isActive && /12/.test(s.main.text));
    check(ready.main.text).toContain('7');
    await page.evaluate(() => (window as unknown as { __tg: { pressMain(): void } }).__tg.pressMain());
    await waitForColor(page, 12, 7, BLUE, 3000);
    await until(page, 'haptic success', (s) => s.calls.some((c) => c[0] === 'haptic' && c[1] === 'success'));
    await screenshot(page, 'telegram-phone-light.png');
  });

  it('shows the BackButton away from the canvas and goes back with it', async () => {
    const { page } = opened[0];
    await page.locator('a[data-nav=history]').click();
    await page.waitForURL(/\/history/);
    await until(page, 'BackButton shown', (s) => s.back.isVisible);
    await until(page, 'MainButton hidden off the canvas', (s) => !s.main.isVisible);
    await page.evaluate(() => (window as unknown as { __tg: { pressBack(): void } }).__tg.pressBack());
    await page.waitForURL((url) => url.pathname === '/');
    await until(page, 'BackButton hidden on the canvas', (s) => !s.back.isVisible);
  });

  it('speaks the Telegram user’s language and takes a dark theme', async () => {
    const { page, errors } = await openInTelegram({ id: 434343, first_name: 'Миша', language_code: 'ru' }, DARK);
    await expect(page.getByTestId('user-name')).toHaveText('Миша');
    await expect(page.locator('[data-action=play]')).toHaveText('Играть');
    check(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(23, 33, 43)');
    await expect(page.locator('.play__loading')).toBeHidden();
    await play(page);
    await page.locator('[data-color="2"]').click();
    await until(page, 'MainButton shown', (s) => s.main.isVisible);
    await screenshot(page, 'telegram-phone-dark.png');
    check(errors).toEqual([]);
  });
  it('links Telegram to another account from the account menu; Telegram then signs in to that account', async () => {
    const user = { id: 454545, first_name: 'Linh', language_code: 'en' };
    const { page, errors } = await openInTelegram(user, LIGHT);
    await expect(page.getByTestId('user-name')).toHaveText('Linh');
    await page.locator('.account__badge').click();
    await expect(page.locator('[data-testid=telegram-linked]')).toBeVisible();
    await page.locator('[data-action=sign-out]').click();
    await signIn(page, 'linker');
    await page.locator('.account__badge').click();
    await page.locator('[data-action=link-telegram]').click();
    await expect(page.locator('[data-testid=telegram-linked]')).toBeVisible();
    const answer = await fetch(`${server.url}/api/auth/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ initData: signTestInitData(BOT_TOKEN, user) }),
    });
    check(((await answer.json()) as { user: { name: string } }).user.name).toBe('linker');
    check(errors).toEqual([]);
  });
});
