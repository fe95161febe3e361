import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse } from '@pixel-wars/protocol';
import { GoogleIdTokenVerifier } from '../../src/app/auth/google-id-token.verifier';
import { createTestSigningKey, signIdToken, TestSigningKey } from '../../src/app/auth/testing/google-test-keys';
import { startTestApp, TestApp } from '../support/test-app';
import { post, refresh, refreshCookieOf, setCookieLine } from './auth-client';

const CLIENT_ID = 'pixel-wars-test.apps.googleusercontent.com';
const CLIENT_SECRET = 'test-client-secret';

interface Grant {
  challenge: string;
  redirectUri: string;
  profile: Record<string, unknown>;
}

/** A local stand-in for Google's authorization, token and userinfo endpoints. */
class FakeGoogle {
  readonly server: Server;
  readonly grants = new Map<string, Grant>();
  readonly tokens = new Map<string, Record<string, unknown>>();
  tokenRequests: URLSearchParams[] = [];
  base = '';

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** What the user does at Google: approves, and Google issues a code for this authorization request. */
  approve(authorizeUrl: string, profile: Record<string, unknown>): { code: string; state: string; redirectUri: string } {
    const url = new URL(authorizeUrl);
    expect(url.origin + url.pathname).toBe(`${this.base}/authorize`);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const code = `code-${this.grants.size + 1}`;
    this.grants.set(code, { challenge: url.searchParams.get('code_challenge')!, redirectUri: url.searchParams.get('redirect_uri')!, profile });
    return { code, state: url.searchParams.get('state')!, redirectUri: url.searchParams.get('redirect_uri')! };
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const form = new URLSearchParams(raw);
      this.tokenRequests.push(form);
      const grant = this.grants.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (
        !grant ||
        form.get('client_id') !== CLIENT_ID ||
        form.get('client_secret') !== CLIENT_SECRET ||
        form.get('grant_type') !== 'authorization_code' ||
        form.get('redirect_uri') !== grant.redirectUri ||
        challenge !== grant.challenge
      ) {
        return json(400, { error: 'invalid_grant' });
      }
      this.grants.delete(form.get('code')!);
      const accessToken = `at-${Math.random().toString(36).slice(2)}`;
      this.tokens.set(accessToken, grant.profile);
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3599, scope: 'openid email profile' });
    }
    if (url.pathname === '/userinfo') {
      const profile = this.tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      return profile ? json(200, profile) : json(401, { error: 'invalid_token', error_description: 'bad token' });
    }
    json(404, { error: 'not_found' });
  }
}

describe('Google sign-in', () => {
  let t: TestApp;
  let google: FakeGoogle;
  let key: TestSigningKey;
  let other: TestSigningKey;
  const claims = { aud: CLIENT_ID, sub: '110169484474386276334', email: 'Ada@Example.com', name: 'Ada L.', picture: 'https://lh3.googleusercontent.com/a/ada' };

  beforeAll(async () => {
    google = new FakeGoogle();
    await google.start();
    key = createTestSigningKey('test-key-1');
    other = createTestSigningKey('test-key-2');
    t = await startTestApp({
      GOOGLE_CLIENT_ID: CLIENT_ID,
      GOOGLE_CLIENT_SECRET: CLIENT_SECRET,
      GOOGLE_AUTH_URL: `${google.base}/authorize`,
      GOOGLE_TOKEN_URL: `${google.base}/token`,
      GOOGLE_USERINFO_URL: `${google.base}/userinfo`,
      PUBLIC_URL: 'http://pixel-wars.test',
    });
    t.app.get(GoogleIdTokenVerifier).useCertificates({ [key.kid]: key.publicPem });
  });
  afterAll(async () => {
    await t?.close();
    google?.server.close();
  });

  describe('POST /api/auth/google (ID token)', () => {
    it('signs in with a valid ID token: token pair, user by subject', async () => {
      const res = await post(t.url, '/api/auth/google', { credential: signIdToken(key, claims) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as AuthResponse;
      expect(body).toMatchObject({ expiresIn: 900, user: { name: 'Ada L.', email: 'ada@example.com', role: 'player', avatarUrl: claims.picture } });
      expect(refreshCookieOf(res)).toBeTruthy();
      const again = (await (
        await post(t.url, '/api/auth/google', { credential: signIdToken(key, { ...claims, email: 'ada@new.example' }) })
      ).json()) as AuthResponse;
      expect(again.user.id).toBe(body.user.id);
      expect(again.user.email).toBe('ada@new.example');
    });

    const now = Math.floor(Date.now() / 1000);
    it.each([
      ['wrong audience', () => signIdToken(key, { ...claims, aud: 'other.apps.googleusercontent.com' })],
      ['wrong issuer', () => signIdToken(key, { ...claims, iss: 'https://accounts.evil.example' })],
      ['expired', () => signIdToken(key, { ...claims, iat: now - 7200, exp: now - 3600 })],
      ['unverified email', () => signIdToken(key, { ...claims, email_verified: false })],
      ['unknown key', () => signIdToken(other, claims)],
      ['garbage', () => 'not.a.token'],
    ])('refuses %s with 401 INVALID_GOOGLE_TOKEN', async (_label, make) => {
      const res = await post(t.url, '/api/auth/google', { credential: make() });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'INVALID_GOOGLE_TOKEN' });
      expect(setCookieLine(res)).toBeUndefined();
    });

    it('refuses a body without a credential with 400', async () => {
      expect((await post(t.url, '/api/auth/google', {})).status).toBe(400);
    });

    it('dev login is off by default when Google is configured', async () => {
      expect((await post(t.url, '/api/auth/dev', { name: 'x' })).status).toBe(404);
    });
  });

  describe('redirect flow (passport-google-oauth20)', () => {
    async function start(): Promise<{ location: string; stateCookie: string }> {
      const res = await fetch(`${t.url}/api/auth/google/start`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const line = setCookieLine(res, 'pw_oauth') ?? '';
      expect(line).toMatch(/HttpOnly/i);
      expect(line).toMatch(/SameSite=Lax/i);
      expect(line).toMatch(/Path=\/api\/auth\/google/);
      return { location: res.headers.get('location')!, stateCookie: line.split(';')[0] };
    }

    it('start → Google → callback → back to the PWA, signed in by the refresh cookie', async () => {
      const { location, stateCookie } = await start();
      expect(new URL(location).searchParams.get('redirect_uri')).toBe('http://pixel-wars.test/api/auth/google/callback');
      const { code, state } = google.approve(location, {
        sub: claims.sub,
        email: 'ada@example.com',
        email_verified: true,
        name: 'Ada L.',
        picture: claims.picture,
      });
      const callback = await fetch(`${t.url}/api/auth/google/callback?code=${code}&state=${state}`, { redirect: 'manual', headers: { cookie: stateCookie } });
      expect(callback.status).toBe(302);
      expect(callback.headers.get('location')).toBe('/');
      const cookie = refreshCookieOf(callback);
      expect(cookie).toBeTruthy();
      expect(setCookieLine(callback)).toMatch(/SameSite=Strict/);
      expect(google.tokenRequests.at(-1)?.get('code_verifier')).toBeTruthy();

      const restored = await refresh(t.url, cookie);
      expect(restored.status).toBe(200);
      const body = (await restored.json()) as AuthResponse;
      const viaIdToken = (await (await post(t.url, '/api/auth/google', { credential: signIdToken(key, claims) })).json()) as AuthResponse;
      expect(body.user.id).toBe(viaIdToken.user.id); // both ways end in the same user record
    });

    it('refuses a callback whose state does not match the browser cookie (login CSRF)', async () => {
      const { location, stateCookie } = await start();
      const { code } = google.approve(location, { sub: 'attacker', email: 'eve@example.com', email_verified: true, name: 'Eve' });
      for (const headers of [{ cookie: stateCookie }, {}]) {
        const res = await fetch(`${t.url}/api/auth/google/callback?code=${code}&state=forged-state-value`, { redirect: 'manual', headers });
        expect(res.status).toBe(302);
        expect(res.headers.get('location')).toBe('/?authError=google');
        expect(refreshCookieOf(res)).toBeNull();
      }
    });

    it('refuses an account whose email Google has not verified', async () => {
      const { location, stateCookie } = await start();
      const { code, state } = google.approve(location, { sub: 'unverified-1', email: 'u@example.com', email_verified: false, name: 'U' });
      const res = await fetch(`${t.url}/api/auth/google/callback?code=${code}&state=${state}`, { redirect: 'manual', headers: { cookie: stateCookie } });
      expect(res.headers.get('location')).toBe('/?authError=google');
      expect(refreshCookieOf(res)).toBeNull();
    });

    it('handles a denied consent and a bad code without a server error', async () => {
      const { stateCookie } = await start();
      const denied = await fetch(`${t.url}/api/auth/google/callback?error=access_denied`, { redirect: 'manual', headers: { cookie: stateCookie } });
      expect(denied.status).toBe(302);
      expect(denied.headers.get('location')).toBe('/?authError=google');
      const second = await start();
      const state = new URL(second.location).searchParams.get('state');
      const badCode = await fetch(`${t.url}/api/auth/google/callback?code=nope&state=${state}`, {
        redirect: 'manual',
        headers: { cookie: second.stateCookie },
      });
      expect(badCode.status).toBe(302);
      expect(badCode.headers.get('location')).toBe('/?authError=google');
    });
  });
});

describe('Google configured without a client secret', () => {
  it('serves the ID-token endpoint but not the redirect flow', async () => {
    const t = await startTestApp({ GOOGLE_CLIENT_ID: CLIENT_ID });
    try {
      expect((await fetch(`${t.url}/api/auth/google/start`, { redirect: 'manual' })).status).toBe(404);
      expect((await post(t.url, '/api/auth/google', { credential: 'a.b.c' })).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
