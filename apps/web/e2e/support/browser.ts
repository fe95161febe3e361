import { Browser, BrowserContext, BrowserContextOptions, Page, chromium } from 'playwright-core';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extraArgs],
  });
}

/** The browser's language is English unless a test asks for another (`locale: 'ru-RU'`). */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'en-US',
};

export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  locale: 'en-US',
};

/** A page whose uncaught errors are collected so a test can assert there were none. */
export interface TrackedPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function openPage(browser: Browser, options: BrowserContextOptions, url: string): Promise<TrackedPage> {
  const context = await browser.newContext({ ...options, baseURL: url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  return { context, page, errors };
}
