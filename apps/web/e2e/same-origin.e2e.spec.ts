import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DESKTOP, launchBrowser, openPage, TrackedPage } from './support/browser';
import { play, signIn } from './support/player';
import { RunningServer, startServer } from './support/server';

/**
 * The PWA works from whatever address the server is reached at: the socket handshake
 * accepts the page's own origin exactly like the auth CSRF check (docs/protocol.md 8). The
 * server's PUBLIC_URL is http://localhost:<port>; ALLOWED_ORIGINS is left at its default.
 */
describe('same-origin sockets from any address', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages: TrackedPage[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const page of pages) await page.context.close();
    await browser?.close();
    await server?.dispose();
  });

  it.each([
    ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}`],
    ['localhost', (port: number) => `http://localhost:${port}`],
  ])('the PWA served at %s signs in and reaches playing', async (host, origin) => {
    const tracked = await openPage(browser, { ...DESKTOP, serviceWorkers: 'block' }, origin(server.port));
    pages.push(tracked);
    await signIn(tracked.page, `player-${host.replace(/\W/g, '')}`);
    await play(tracked.page);
  });
});
