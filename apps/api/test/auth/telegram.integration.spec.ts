import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, ConfigResponse } from '@pixel-wars/protocol';
import { signTestInitData, withField } from '../../src/app/auth/testing/telegram-init-data';
import { startTestApp, TestApp } from '../support/test-app';
import { FakeBotApi } from '../telegram/fake-bot-api';
import { getMe, post, refresh, refreshCookieOf } from './auth-client';

const ANN = { id: 7_000_001, first_name: 'Ann', last_name: 'Lee', username: 'ann_l', language_code: 'ru' };
const MAX_AGE_S = 10;

describe('POST /api/auth/telegram (Mini App init data)', () => {
  let fake: FakeBotApi;
  let app: TestApp;

  beforeAll(async () => {
    fake = await new FakeBotApi().start();
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TELEGRAM_AUTH_MAX_AGE_SEC: String(MAX_AGE_S) });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.stop();
  });

  const signIn = (initData: unknown) => post(app.url, '/api/auth/telegram', { initData });

  async function expectRefused(initData: string, message: RegExp): Promise<void> {
    const res = await signIn(initData);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('INVALID_TELEGRAM_DATA');
    expect(body.message).toMatch(message);
    expect(refreshCookieOf(res)).toBeNull();
  }

  it('signs in with valid init data like Google sign-in: token pair, refresh cookie, one account per Telegram id', async () => {
    const res = await signIn(signTestInitData(fake.token, ANN));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as AuthResponse;
    expect(body.user).toMatchObject({ name: 'Ann Lee', role: 'player', email: 'telegram-7000001@telegram.local' });
    expect(body.expiresIn).toBeGreaterThan(0);
    const cookie = refreshCookieOf(res)!;
    expect(cookie).toMatch(/^pw_refresh=/);
    expect((await getMe(app.url, body.accessToken)).status).toBe(200);
    const rotated = await refresh(app.url, cookie);
    expect(rotated.status).toBe(200);

    const again = (await (await signIn(signTestInitData(fake.token, { ...ANN, last_name: undefined }))).json()) as AuthResponse;
    expect(again.user).toMatchObject({ id: body.user.id, name: 'Ann' });
  });

  it('names the account by username when there is no first or last name', async () => {
    const body = (await (await signIn(signTestInitData(fake.token, { id: 7_000_002, first_name: '', username: 'only_user' }))).json()) as AuthResponse;
    expect(body.user.name).toBe('only_user');
  });

  it('refuses tampered init data: a changed user, a changed auth_date, a changed or missing hash', async () => {
    const valid = signTestInitData(fake.token, ANN);
    await expectRefused(withField(valid, 'user', JSON.stringify({ ...ANN, id: 1 })), /not signed/);
    await expectRefused(withField(valid, 'auth_date', String(Math.floor(Date.now() / 1000) + 5)), /not signed/);
    await expectRefused(withField(valid, 'query_id', 'AAHother'), /not signed/);
    await expectRefused(withField(valid, 'hash', 'a'.repeat(64)), /not signed/);
    await expectRefused(withField(valid, 'hash', null), /no hash/);
    await expectRefused(`${valid}&extra=1`, /not signed/);
  });

  it('refuses init data signed with another bot token, without a user, or not init data at all', async () => {
    await expectRefused(signTestInitData('42:another-bots-token', ANN), /not signed/);
    await expectRefused(signTestInitData(fake.token, null), /no user/);
    await expectRefused('hello', /./);
  });

  it('refuses stale init data, and replayed init data once it has expired', async () => {
    await expectRefused(signTestInitData(fake.token, ANN, MAX_AGE_S + 5), /expired/);
    const almostStale = signTestInitData(fake.token, ANN, MAX_AGE_S - 2);
    expect((await signIn(almostStale)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await expectRefused(almostStale, /expired/);
  });

  it('answers 400 for a malformed body', async () => {
    expect((await signIn('')).status).toBe(400);
    expect((await post(app.url, '/api/auth/telegram', { initData: 'x', more: 1 })).status).toBe(400);
    expect((await post(app.url, '/api/auth/telegram', {})).status).toBe(400);
  });

  it('lets the page load Telegram’s Mini App script and be framed by Telegram Web (CSP)', async () => {
    const res = await fetch(`${app.url}/api/config`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src [^;]*https:\/\/telegram\.org\/js\/telegram-web-app\.js/);
    expect(csp).toContain('frame-ancestors https://web.telegram.org');
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('GET /api/config offers Telegram sign-in with the bot username from getMe', async () => {
    const config = (await (await fetch(`${app.url}/api/config`)).json()) as ConfigResponse;
    expect(config.auth.telegram).toEqual({ botUsername: fake.bot.username });
  });
});

describe('Telegram sign-in without a bot token', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 404 and GET /api/config says telegram: null', async () => {
    const res = await post(app.url, '/api/auth/telegram', { initData: signTestInitData('1:x', ANN) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('NOT_FOUND');
    const config = (await (await fetch(`${app.url}/api/config`)).json()) as ConfigResponse;
    expect(config.auth.telegram).toBeNull();
    const csp = (await fetch(`${app.url}/api/config`)).headers.get('content-security-policy') ?? '';
    expect(csp).not.toContain('telegram.org');
  });
});

describe('TELEGRAM_BOT_USERNAME', () => {
  it('is what GET /api/config names, without asking Telegram', async () => {
    const app = await startTestApp({ TELEGRAM_BOT_TOKEN: '1:unused', TELEGRAM_API_ROOT: 'http://127.0.0.1:9', TELEGRAM_BOT_USERNAME: 'pixel_wars_bot' });
    try {
      const config = (await (await fetch(`${app.url}/api/config`)).json()) as ConfigResponse;
      expect(config.auth.telegram).toEqual({ botUsername: 'pixel_wars_bot' });
    } finally {
      await app.close();
    }
  });
});
