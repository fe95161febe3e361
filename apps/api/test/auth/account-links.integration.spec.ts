import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, LinkResponse } from '@pixel-wars/protocol';
import { GoogleIdTokenVerifier } from '../../src/app/auth/google-id-token.verifier';
import { createTestSigningKey, signIdToken, TestSigningKey } from '../../src/app/auth/testing/google-test-keys';
import { signTestInitData } from '../../src/app/auth/testing/telegram-init-data';
import { UsersService } from '../../src/app/users/users.service';
import { startTestApp, TestApp } from '../support/test-app';
import { FakeBotApi } from '../telegram/fake-bot-api';
import { getMe, post, refresh, refreshCookieOf } from './auth-client';

const CLIENT_ID = 'pixel-wars-test.apps.googleusercontent.com';

describe('account linking: POST /api/me/link/telegram and /api/me/link/google', () => {
  let fake: FakeBotApi;
  let app: TestApp;
  let key: TestSigningKey;
  let nextTelegramId = 8_000_000;
  let nextGoogleSub = 1;

  const telegramUser = () => ({ id: ++nextTelegramId, first_name: 'Tess' });
  const googleClaims = () => {
    const n = nextGoogleSub++;
    return { aud: CLIENT_ID, sub: `google-sub-${n}`, email: `player${n}@example.com`, name: `Gee ${n}` };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function signIn(path: string, body: unknown): Promise<AuthResponse & { cookie: string }> {
    const res = await post(app.url, path, body);
    expect(res.status).toBe(200);
    return { ...((await res.json()) as AuthResponse), cookie: refreshCookieOf(res)! };
  }
  const viaGoogle = (claims: Record<string, unknown>) => signIn('/api/auth/google', { credential: signIdToken(key, claims) });
  const viaTelegram = (user: { id: number; first_name: string }) => signIn('/api/auth/telegram', { initData: signTestInitData(fake.token, user) });

  beforeAll(async () => {
    fake = await new FakeBotApi().start();
    key = createTestSigningKey('link-key');
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, GOOGLE_CLIENT_ID: CLIENT_ID });
    app.app.get(GoogleIdTokenVerifier).useCertificates({ [key.kid]: key.publicPem });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.stop();
  });

  it('links Telegram to a Google account: Telegram sign-in then reaches the same account', async () => {
    const google = await viaGoogle(googleClaims());
    expect(google.user.linked).toEqual({ google: true, telegram: false });
    const tess = telegramUser();
    const res = await post(app.url, '/api/me/link/telegram', { initData: signTestInitData(fake.token, tess) }, bearer(google.accessToken));
    expect(res.status).toBe(200);
    const linked = (await res.json()) as LinkResponse;
    expect(linked.user).toMatchObject({ id: google.user.id, email: google.user.email, linked: { google: true, telegram: true } });
    expect((await viaTelegram(tess)).user.id).toBe(google.user.id);
    // linking again is a no-op
    expect((await post(app.url, '/api/me/link/telegram', { initData: signTestInitData(fake.token, tess) }, bearer(google.accessToken))).status).toBe(200);
  });

  it('links Google to a Telegram account: Google sign-in then reaches it, with the Google email', async () => {
    const telegram = await viaTelegram(telegramUser());
    const claims = googleClaims();
    const res = await post(app.url, '/api/me/link/google', { credential: signIdToken(key, claims) }, bearer(telegram.accessToken));
    expect(res.status).toBe(200);
    expect(((await res.json()) as LinkResponse).user).toMatchObject({
      id: telegram.user.id,
      email: claims.email,
      name: 'Tess',
      linked: { google: true, telegram: true },
    });
    expect((await viaGoogle(claims)).user.id).toBe(telegram.user.id);
  });

  it('takes the identity from an account without pixels and signs that account out', async () => {
    const tess = telegramUser();
    const empty = await viaTelegram(tess);
    const google = await viaGoogle(googleClaims());
    const res = await post(app.url, '/api/me/link/telegram', { initData: signTestInitData(fake.token, tess) }, bearer(google.accessToken));
    expect(res.status).toBe(200);
    expect((await viaTelegram(tess)).user.id).toBe(google.user.id);
    expect((await refresh(app.url, empty.cookie)).status).toBe(401);
    expect((await getMe(app.url, empty.accessToken)).status).toBe(401);
  });

  it('409 IDENTITY_IN_USE when the identity belongs to another account with pixels; 409 ALREADY_LINKED for a second one of a kind', async () => {
    const tess = telegramUser();
    const busy = await viaTelegram(tess);
    const users = app.app.get(UsersService);
    users.notePixelPlaced(busy.user.id, Date.now());
    await users.flushPixelCounts();
    const google = await viaGoogle(googleClaims());
    const taken = await post(app.url, '/api/me/link/telegram', { initData: signTestInitData(fake.token, tess) }, bearer(google.accessToken));
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { code: string }).code).toBe('IDENTITY_IN_USE');
    expect((await viaTelegram(tess)).user.id).toBe(busy.user.id);

    const second = await post(app.url, '/api/me/link/google', { credential: signIdToken(key, googleClaims()) }, bearer(google.accessToken));
    expect(second.status).toBe(409);
    expect(((await second.json()) as { code: string }).code).toBe('ALREADY_LINKED');
  });

  it('proves the identity like sign-in does, and needs a signed-in caller', async () => {
    const google = await viaGoogle(googleClaims());
    const forged = await post(app.url, '/api/me/link/telegram', { initData: signTestInitData('42:not-the-bot', telegramUser()) }, bearer(google.accessToken));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { code: string }).code).toBe('INVALID_TELEGRAM_DATA');
    const badGoogle = await post(
      app.url,
      '/api/me/link/google',
      { credential: signIdToken(key, { ...googleClaims(), aud: 'someone-else' }) },
      bearer(google.accessToken),
    );
    expect(((await badGoogle.json()) as { code: string }).code).toBe('INVALID_GOOGLE_TOKEN');
    expect((await post(app.url, '/api/me/link/telegram', { initData: signTestInitData(fake.token, telegramUser()) })).status).toBe(401);
    expect((await post(app.url, '/api/me/link/google', { nope: 1 }, bearer(google.accessToken))).status).toBe(400);
  });
});

describe('account linking on a server without Telegram', () => {
  it('answers 404 for /api/me/link/telegram', async () => {
    const app = await startTestApp({ AUTH_DEV_LOGIN: 'true' });
    try {
      const dev = (await (await post(app.url, '/api/auth/dev', { name: 'Dee' })).json()) as AuthResponse;
      const res = await post(app.url, '/api/me/link/telegram', { initData: 'x' }, { authorization: `Bearer ${dev.accessToken}` });
      expect(res.status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
