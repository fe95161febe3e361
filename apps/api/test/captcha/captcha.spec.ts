import type { AltchaChallenge, ErrorBody } from '@pixel-wars/protocol';
import { createChallenge } from 'altcha-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captchaHmacKey } from '../../src/app/captcha/captcha.service';
import { connectPlay, PlayClient, waitFor } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';
import { solve } from './solver';

const JWT_SECRET = 'captcha-spec-secret-0123456789abcdef0123';
const COOLDOWN_MS = 400;

async function challengeOf(res: Response): Promise<AltchaChallenge> {
  expect(res.status).toBe(403);
  const body = (await res.json()) as ErrorBody;
  expect(body.code).toBe('CHALLENGE_REQUIRED');
  expect(body.challenge).toMatchObject({ algorithm: 'SHA-256', maxnumber: 1000 });
  return body.challenge as AltchaChallenge;
}

describe('CAPTCHA=pow: proof-of-work challenges (real solver)', () => {
  let t: TestApp;
  const sockets: PlayClient[] = [];

  const devLogin = (name: string, altcha?: string) =>
    fetch(`${t.url}/api/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(altcha ? { 'x-altcha': altcha } : {}) },
      body: JSON.stringify({ name }),
    });

  async function player(name: string) {
    const first = await devLogin(name);
    const signedIn = await devLogin(name, await solve(await challengeOf(first)));
    expect(signedIn.status).toBe(200);
    const { accessToken } = (await signedIn.json()) as { accessToken: string };
    const socket = connectPlay(t.url, accessToken);
    sockets.push(socket);
    const statuses: string[] = [];
    socket.on('status', (s) => statuses.push(s.status));
    await waitFor(() => statuses.includes('playing'), 3000);
    const place = (altcha?: string) =>
      fetch(`${t.url}/api/canvas/pixels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, ...(altcha ? { 'x-altcha': altcha } : {}) },
        body: JSON.stringify({ x: 1, y: 1, color: 2 }),
      });
    return { place };
  }

  /** Places `delays.length + 1` pixels, each `delays[i]` ms after the previous cooldown ended. */
  async function placeWithDelays(place: () => Promise<Response>, delays: number[]): Promise<void> {
    let res = await place();
    expect(res.status).toBe(201);
    for (const delay of delays) {
      const { cooldownUntil } = (await res.json()) as { cooldownUntil: number };
      await new Promise((r) => setTimeout(r, cooldownUntil - Date.now() + delay));
      res = await place();
      expect(res.status).toBe(201);
    }
  }

  beforeAll(async () => {
    t = await startTestApp({
      CAPTCHA: 'pow',
      CAPTCHA_MAX_NUMBER: '1000',
      CAPTCHA_BOT_STREAK: '4',
      CAPTCHA_BOT_WINDOW_MS: '1000',
      CAPTCHA_BOT_JITTER_MS: '80',
      COOLDOWN_MS: String(COOLDOWN_MS),
      JWT_SECRET,
      GOOGLE_CLIENT_ID: 'captcha-spec.apps.googleusercontent.com',
      AUTH_DEV_LOGIN: 'true',
      RATE_LIMIT_PER_MIN: '100000',
      AUTH_RATE_LIMIT_PER_MIN: '100000',
    });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  it('GET /api/captcha/challenge returns a signed ALTCHA challenge that expires; /api/config says pow', async () => {
    const res = await fetch(`${t.url}/api/captcha/challenge`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const challenge = (await res.json()) as AltchaChallenge;
    expect(challenge).toMatchObject({ algorithm: 'SHA-256', maxnumber: 1000 });
    expect(challenge.challenge).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.salt).toMatch(/\?expires=\d+/);
    expect(((await (await fetch(`${t.url}/api/config`)).json()) as { captcha: string }).captcha).toBe('pow');
  });

  it('dev sign-in: no solution → 403 with a challenge; its solution → 200; the same solution again → 403', async () => {
    const challenge = await challengeOf(await devLogin('alice'));
    const altcha = await solve(challenge);
    expect((await devLogin('alice', altcha)).status).toBe(200);
    const replay = await devLogin('alice', altcha);
    expect(((await replay.clone().json()) as ErrorBody).message).toContain('already used');
    await challengeOf(replay);
  });

  it('refuses a wrong number, a forged signature, garbage and an expired challenge', async () => {
    const wrong = await solve(await challengeOf(await devLogin('bob')), (n) => n + 1);
    await challengeOf(await devLogin('bob', wrong));
    const forged = await createChallenge({ hmacKey: 'not-our-key', maxnumber: 1000, expires: new Date(Date.now() + 60_000) });
    await challengeOf(await devLogin('bob', await solve({ ...forged, algorithm: 'SHA-256', maxnumber: 1000 })));
    await challengeOf(await devLogin('bob', 'not base64 json'));
    const expired = await createChallenge({ hmacKey: captchaHmacKey(JWT_SECRET), maxnumber: 1000, expires: new Date(Date.now() - 1000) });
    const res = await devLogin('bob', await solve({ ...expired, algorithm: 'SHA-256', maxnumber: 1000 }));
    expect(((await res.clone().json()) as ErrorBody).message).toContain('wrong or expired');
    await challengeOf(res);
  });

  it('guards Google sign-in too: the challenge comes before the ID token is looked at', async () => {
    const google = (altcha?: string) =>
      fetch(`${t.url}/api/auth/google`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(altcha ? { 'x-altcha': altcha } : {}) },
        body: JSON.stringify({ credential: 'not-a-google-token' }),
      });
    const altcha = await solve(await challengeOf(await google()));
    expect(((await (await google(altcha)).json()) as ErrorBody).code).toBe('INVALID_GOOGLE_TOKEN');
  });

  it('guards the Google redirect flow through ?altcha= (a navigation carries no header)', async () => {
    const start = (query = '') => fetch(`${t.url}/api/auth/google/start${query}`, { redirect: 'manual' });
    const altcha = await solve(await challengeOf(await start()));
    // past the challenge: the redirect flow itself is not configured here (no client secret)
    expect((await start(`?altcha=${encodeURIComponent(altcha)}`)).status).toBe(404);
    await challengeOf(await start(`?altcha=${encodeURIComponent(altcha)}`));
  });

  it('placements at a human pace are never challenged', async () => {
    const { place } = await player('human');
    await placeWithDelays(place, [150, 700, 60, 900, 400, 250]);
  });

  it('placements right at the cooldown boundary with near-constant timing need a solution, then go on', async () => {
    const { place } = await player('bot');
    await placeWithDelays(place, [20, 20, 20, 20]);
    await new Promise((r) => setTimeout(r, COOLDOWN_MS + 20));
    const challenge = await challengeOf(await place());
    const altcha = await solve(challenge);
    expect((await place(altcha)).status).toBe(201);
    // solved: the streak starts over
    await new Promise((r) => setTimeout(r, COOLDOWN_MS + 20));
    expect((await place()).status).toBe(201);
  });
});
