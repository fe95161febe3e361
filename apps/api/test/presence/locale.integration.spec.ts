import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse, NoticeEvent } from '@pixel-wars/protocol';
import { io } from 'socket.io-client';
import { UsersService } from '../../src/app/users/users.service';
import { devLogin, getMe, nextSession, until } from '../auth/auth-client';
import { startTestApp, TestApp } from '../support/test-app';

function putLocale(url: string, token: string | null, body: unknown): Promise<Response> {
  return fetch(`${url}/api/me/locale`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('the interface language on the account', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is null until chosen, then PUT /api/me/locale stores it for /api/me and every later sign-in', async () => {
    const s = await devLogin(t.url, 'polyglot');
    expect(s.body.user.locale).toBeNull();
    const res = await putLocale(t.url, s.accessToken, { locale: 'ru' });
    expect(res.status).toBe(204);
    expect(((await (await getMe(t.url, s.accessToken)).json()) as MeResponse).user.locale).toBe('ru');
    expect((await nextSession(t.url, s)).body.user.locale).toBe('ru');
    expect((await devLogin(t.url, 'Polyglot')).body.user.locale).toBe('ru');
    expect((await putLocale(t.url, s.accessToken, { locale: 'en' })).status).toBe(204);
    expect(((await (await getMe(t.url, s.accessToken)).json()) as MeResponse).user.locale).toBe('en');
  });

  it.each([[{ locale: 'de' }], [{ locale: 'RU' }], [{ locale: null }], [{}], [{ locale: 'ru', extra: 1 }], ['"ru"'], ['[]']])(
    'refuses %j with 400 INVALID_LOCALE and changes nothing',
    async (body) => {
      const s = await devLogin(t.url, 'picky');
      const res = await putLocale(t.url, s.accessToken, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'INVALID_LOCALE' });
      expect(((await (await getMe(t.url, s.accessToken)).json()) as MeResponse).user.locale).toBeNull();
    },
  );

  it('needs a valid access token', async () => {
    const res = await putLocale(t.url, null, { locale: 'ru' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('sends the ban notice with a code, so clients can word it in their language', async () => {
    const s = await devLogin(t.url, 'notice-me');
    const socket = io(`${t.url}/play`, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: s.accessToken } });
    const notices: NoticeEvent[] = [];
    socket.on('notice', (n: NoticeEvent) => notices.push(n));
    let playing = false;
    socket.on('status', (st: { status: string }) => (playing ||= st.status === 'playing'));
    try {
      await until(() => playing, 3000, 'playing');
      t.app.get(UsersService).ban(s.body.user.id, Date.now() + 60_000, 'test');
      await until(() => notices.length > 0, 3000, 'notice');
      expect(notices[0]).toEqual({ code: 'BANNED', message: expect.stringContaining('banned') });
    } finally {
      socket.close();
    }
  });
});
