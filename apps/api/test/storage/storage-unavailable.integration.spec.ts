import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, refresh, refreshCookieOf } from '../auth/auth-client';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { TcpProxy } from '../support/tcp-proxy';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The whole application on PostgreSQL, reached through a relay the test can cut: while
 * the database is unreachable the sign-in endpoints answer 503 STORAGE_UNAVAILABLE (with
 * Retry-After), never a 500 and never a 401 that would sign the user out, and
 * /api/health says "degraded"; everything recovers by itself.
 */
describe('sign-in while PostgreSQL is unreachable', () => {
  let pg: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    pg = await createTestDatabase('unavailable');
    const pgUrl = new URL(pg.url);
    proxy = await TcpProxy.start({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    t = await startTestApp({ DATABASE_URL: proxy.rewrite(pg.url), JWT_SECRET: 'unavailable-secret-unavailable-secret-0123' });
    url = t.url;
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await pg?.drop();
  });
  it('answers 503 STORAGE_UNAVAILABLE while it is away and recovers without a restart', async () => {
    const first = await post(url, '/api/auth/dev', { name: 'Ada' });
    expect(first.status).toBe(200);
    const cookie = refreshCookieOf(first);

    await proxy.cut();
    const login = await post(url, '/api/auth/dev', { name: 'Grace' });
    expect(login.status).toBe(503);
    expect(login.headers.get('retry-after')).toBe('5');
    expect(await login.json()).toEqual({ code: 'STORAGE_UNAVAILABLE', message: expect.stringMatching(/database/) });
    const rotated = await refresh(url, cookie);
    expect(rotated.status).toBe(503);
    expect(refreshCookieOf(rotated)).toBeNull(); // the cookie is kept: the sign-in is not over
    expect(rotated.headers.getSetCookie()).toEqual([]);
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', storage: 'postgres', redis: false });

    await proxy.restore();
    await expect.poll(async () => (await post(url, '/api/auth/dev', { name: 'Grace' })).status, { timeout: 10_000, interval: 200 }).toBe(200);
    expect((await refresh(url, cookie)).status).toBe(200);
    await expect
      .poll(async () => (await (await fetch(`${url}/api/health`)).json()) as unknown, { timeout: 5000, interval: 200 })
      .toMatchObject({ status: 'ok', storage: 'postgres' });
  });
});
