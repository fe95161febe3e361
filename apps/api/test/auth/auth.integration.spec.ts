import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, MeResponse } from '@pixel-wars/protocol';
import { UsersService } from '../../src/app/users/users.service';
import { startTestApp, TestApp } from '../support/test-app';
import { claimsOf, devLogin, getMe, nextSession, openPlay, post, refresh, refreshCookieOf, setCookieLine, until } from './auth-client';

const SECRET = 'integration-secret-integration-secret-0123';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function hs256(claims: Record<string, unknown>, secret = SECRET, alg = 'HS256'): string {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('sign-in, tokens and guards', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ JWT_SECRET: SECRET, ADMIN_EMAILS: 'root@dev.local' });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('dev login', () => {
    it('answers like /auth/google with an HttpOnly, SameSite=Strict refresh cookie on /api/auth', async () => {
      const res = await post(t.url, '/api/auth/dev', { name: 'Ada Lovelace' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as AuthResponse;
      expect(body).toMatchObject({ expiresIn: 900, user: { name: 'Ada Lovelace', role: 'player' } });
      expect(body.user.email).toMatch(/^dev\+[0-9a-f]{24}@dev\.local$/);
      expect(claimsOf(body.accessToken)).toMatchObject({ sub: body.user.id, typ: 'access', role: 'player', name: 'Ada Lovelace' });
      const cookie = setCookieLine(res) ?? '';
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/api\/auth(;|$)/);
      expect(cookie).not.toMatch(/Secure/i);
      expect(cookie).toMatch(/Max-Age=604800/);
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it('same name → same user, new token pair each time; admin from ADMIN_EMAILS', async () => {
      const a = await devLogin(t.url, 'grace');
      const b = await devLogin(t.url, 'Grace');
      expect(b.body.user.id).toBe(a.body.user.id);
      expect(b.cookie).not.toBe(a.cookie);
      expect(claimsOf(b.accessToken)['sid']).toBeGreaterThan(claimsOf(a.accessToken)['sid'] as number);
      expect((await devLogin(t.url, 'root')).body.user.role).toBe('admin');
    });

    it('names in other scripts are their own accounts ("Аda" with a Cyrillic А is not "da")', async () => {
      const cyrillic = await devLogin(t.url, '\u0410da');
      const latin = await devLogin(t.url, 'da');
      const ada = await devLogin(t.url, 'ADA');
      expect(cyrillic.body.user.name).toBe('\u0410da');
      expect(cyrillic.body.user.id).not.toBe(latin.body.user.id);
      expect(cyrillic.body.user.id).not.toBe(ada.body.user.id);
      expect((await devLogin(t.url, '\u0430DA')).body.user.id).toBe(cyrillic.body.user.id); // same letters, other case
      expect((await devLogin(t.url, 'Ａｄａ')).body.user.id).toBe(ada.body.user.id); // full-width: NFKC
    });

    it.each([[{ name: '' }], [{ name: 'x'.repeat(33) }], [{ name: '<script>' }], [{ name: 'ok', extra: 1 }], [{}], [{ name: 42 }]])(
      'refuses bad input %j with 400',
      async (body) => {
        const res = await post(t.url, '/api/auth/dev', body);
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ code: 'BAD_REQUEST' });
      },
    );
  });

  describe('access tokens', () => {
    it('GET /api/me returns the user and presence', async () => {
      const s = await devLogin(t.url, 'meg');
      const res = await getMe(t.url, s.accessToken);
      expect(res.status).toBe(200);
      const me = (await res.json()) as MeResponse;
      expect(me).toEqual({
        user: {
          id: s.body.user.id,
          name: 'meg',
          email: 'meg@dev.local',
          role: 'player',
          avatarUrl: null,
          locale: null,
          linked: { google: false, telegram: false },
        },
        presence: { status: 'afk' },
      });
    });

    it('refuses missing, garbled, expired, wrong-signature, alg:none and wrong-type tokens with 401 UNAUTHORIZED', async () => {
      const s = await devLogin(t.url, 'mallory');
      const claims = claimsOf(s.accessToken);
      const now = Math.floor(Date.now() / 1000);
      const bad = [
        null,
        'garbage',
        `${s.accessToken.slice(0, -3)}abc`,
        hs256({ ...claims, iat: now - 2000, exp: now - 1000 }),
        hs256(claims, 'another-secret-another-secret-another-1'),
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
        hs256({ ...claims, typ: 'refresh' }),
        s.cookie.split('=')[1], // a refresh token presented as Bearer
      ];
      for (const token of bad) {
        const res = await getMe(t.url, token);
        expect(res.status, String(token)).toBe(401);
        expect(await res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
      }
      expect((await getMe(t.url, hs256(claims))).status).toBe(200); // the same claims, properly signed
      const place = await fetch(`${t.url}/api/canvas/pixels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"x":0,"y":0,"color":1}',
      });
      expect(place.status).toBe(401);
      expect(await place.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    });
  });

  describe('refresh and logout', () => {
    it('rotates: new access token with the next session number, new cookie; the family keeps its end', async () => {
      const s = await devLogin(t.url, 'rota');
      const res = await refresh(t.url, s.cookie);
      expect(res.status).toBe(200);
      const body = (await res.json()) as AuthResponse;
      expect(body.user.id).toBe(s.body.user.id);
      expect(claimsOf(body.accessToken)['sid']).toBe((claimsOf(s.accessToken)['sid'] as number) + 1);
      const next = refreshCookieOf(res);
      expect(next).toBeTruthy();
      expect(next).not.toBe(s.cookie);
      const maxAge = Number(/Max-Age=(\d+)/.exec(setCookieLine(res) ?? '')?.[1]);
      expect(maxAge).toBeGreaterThan(604_700);
      expect(maxAge).toBeLessThanOrEqual(604_800);
    });

    it('a reused (already rotated) token revokes the whole family', async () => {
      const s = await devLogin(t.url, 'reuse');
      const second = await nextSession(t.url, s);
      const again = await refresh(t.url, s.cookie);
      expect(again.status).toBe(401);
      expect(await again.json()).toMatchObject({ code: 'INVALID_REFRESH' });
      expect((await refresh(t.url, second.cookie)).status).toBe(401);
      // another sign-in of the same user is unaffected
      const other = await devLogin(t.url, 'reuse');
      expect((await refresh(t.url, other.cookie)).status).toBe(200);
    });

    it('a never-issued secret with a known family id: 401 INVALID_REFRESH on refresh, 204 on logout, the victim stays signed in', async () => {
      const victim = await devLogin(t.url, 'victim');
      const familyId = victim.cookie.slice('pw_refresh='.length).split('.')[0];
      const forged = `pw_refresh=${familyId}.${'A'.repeat(43)}`;
      const res = await refresh(t.url, forged);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'INVALID_REFRESH' });
      expect((await post(t.url, '/api/auth/logout', undefined, { cookie: forged })).status).toBe(204);
      const after = await nextSession(t.url, victim); // throws unless 200
      // still true after a rotation: only tokens this server issued count as reuse
      expect((await refresh(t.url, forged)).status).toBe(401);
      expect((await post(t.url, '/api/auth/logout', undefined, { cookie: forged })).status).toBe(204);
      expect((await refresh(t.url, after.cookie)).status).toBe(200);
    });

    it('two parallel refreshes with the same token: exactly one succeeds', async () => {
      const s = await devLogin(t.url, 'racer');
      const results = await Promise.all([refresh(t.url, s.cookie), refresh(t.url, s.cookie), refresh(t.url, s.cookie)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
    });

    it('refuses a missing cookie, a garbled one and an access token as refresh token', async () => {
      const s = await devLogin(t.url, 'nocookie');
      for (const cookie of [null, 'pw_refresh=garbage', `pw_refresh=${s.accessToken}`]) {
        const res = await refresh(t.url, cookie);
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ code: 'INVALID_REFRESH' });
      }
    });

    it('is POST only', async () => {
      const s = await devLogin(t.url, 'getter');
      const res = await fetch(`${t.url}/api/auth/refresh`, { headers: { cookie: s.cookie } });
      expect(res.status).toBe(404);
    });

    it('checks Origin / Sec-Fetch-Site against the allowed origins', async () => {
      const s = await devLogin(t.url, 'csrf');
      for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
        const res = await refresh(t.url, s.cookie, headers);
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
      }
      const logout = await post(t.url, '/api/auth/logout', undefined, { cookie: s.cookie, origin: 'https://evil.example' });
      expect(logout.status).toBe(403);
      const ok = await refresh(t.url, s.cookie, { origin: t.config.allowedOrigins[0], 'sec-fetch-site': 'same-origin' });
      expect(ok.status).toBe(200);
      const sameOrigin = await refresh(t.url, refreshCookieOf(ok), { origin: t.url, 'sec-fetch-site': 'same-origin' });
      expect(sameOrigin.status).toBe(200);
    });

    it('logout: 204, cookie cleared, family revoked', async () => {
      const s = await devLogin(t.url, 'leaver');
      const res = await post(t.url, '/api/auth/logout', undefined, { cookie: s.cookie });
      expect(res.status).toBe(204);
      expect(setCookieLine(res)).toMatch(/^pw_refresh=;.*(Expires=Thu, 01 Jan 1970|Max-Age=0)/);
      expect((await refresh(t.url, s.cookie)).status).toBe(401);
      expect((await post(t.url, '/api/auth/logout')).status).toBe(204);
    });
  });

  describe('/play handshake', () => {
    it('refuses a missing or invalid token with connect_error UNAUTHORIZED', async () => {
      const s = await devLogin(t.url, 'sock');
      for (const token of [undefined, 'garbage', hs256({ ...claimsOf(s.accessToken), exp: Math.floor(Date.now() / 1000) - 10 })]) {
        const w = openPlay(t.url, token);
        await expect(w.connected).rejects.toThrow('UNAUTHORIZED');
        w.socket.close();
      }
      const ok = openPlay(t.url, s.accessToken);
      await ok.connected;
      await until(() => ok.lastStatus()?.status === 'playing');
      ok.socket.close();
    });
  });

  describe('bans and ended sessions', () => {
    it('a ban drops the user from play, refuses placement and the handshake, and revokes refresh tokens', async () => {
      const s = await devLogin(t.url, 'banme');
      const w = openPlay(t.url, s.accessToken);
      await until(() => w.lastStatus()?.status === 'playing');
      t.app.get(UsersService).ban(s.body.user.id, Date.now() + 60_000, 'test');
      await until(() => w.events.some((e) => e.type === 'disconnect'));
      expect(w.events.slice(-3).map((e) => e.type)).toEqual(['notice', 'status', 'disconnect']);
      expect(w.lastStatus()).toEqual({ status: 'afk' });
      const place = await fetch(`${t.url}/api/canvas/pixels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.accessToken}` },
        body: '{"x":1,"y":1,"color":1}',
      });
      expect(place.status).toBe(403);
      expect(await place.json()).toMatchObject({ code: 'BANNED' });
      const again = openPlay(t.url, s.accessToken);
      await expect(again.connected).rejects.toThrow('BANNED');
      again.socket.close();
      expect((await refresh(t.url, s.cookie)).status).toBe(401);
      t.app.get(UsersService).unban(s.body.user.id, 'test');
    });

    it('"end sessions" kills access tokens, refresh tokens and sockets', async () => {
      const s = await devLogin(t.url, 'endme');
      const w = openPlay(t.url, s.accessToken);
      await until(() => w.lastStatus()?.status === 'playing');
      t.app.get(UsersService).endSessions(s.body.user.id);
      await until(() => w.events.some((e) => e.type === 'disconnect'));
      expect((await getMe(t.url, s.accessToken)).status).toBe(401);
      expect((await refresh(t.url, s.cookie)).status).toBe(401);
      const fresh = await devLogin(t.url, 'endme');
      expect((await getMe(t.url, fresh.accessToken)).status).toBe(200);
    });
  });
});

describe('auth switches, rate limit and restarts', () => {
  it('dev login off → 404; Google not configured → 404', async () => {
    const t = await startTestApp({ AUTH_DEV_LOGIN: 'false' });
    try {
      const dev = await post(t.url, '/api/auth/dev', { name: 'x' });
      expect(dev.status).toBe(404);
      expect(await dev.json()).toMatchObject({ code: 'NOT_FOUND' });
      expect((await post(t.url, '/api/auth/google', { credential: 'x.y.z' })).status).toBe(404);
      expect((await fetch(`${t.url}/api/auth/google/start`, { redirect: 'manual' })).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('rate-limits auth endpoints per client (429 RATE_LIMITED)', async () => {
    const t = await startTestApp({ AUTH_RATE_LIMIT_PER_MIN: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await post(t.url, '/api/auth/dev', { name: `burst${i}` })).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
      const limited = await post(t.url, '/api/auth/dev', { name: 'more' });
      expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(limited.headers.get('retry-after')).toBeTruthy();
    } finally {
      await t.close();
    }
  });

  it('a restart signs nobody out (families and users are persisted)', async () => {
    const env = { JWT_SECRET: SECRET };
    const first = await startTestApp(env);
    const s = await devLogin(first.url, 'stayer');
    await first.close({ keepData: true });
    const second = await startTestApp(env, first.dataDir);
    try {
      const res = await refresh(second.url, s.cookie);
      expect(res.status).toBe(200);
      const body = (await res.json()) as AuthResponse;
      expect(body.user.id).toBe(s.body.user.id);
      expect(claimsOf(body.accessToken)['sid']).toBe((claimsOf(s.accessToken)['sid'] as number) + 1);
      expect((await getMe(second.url, s.accessToken)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
