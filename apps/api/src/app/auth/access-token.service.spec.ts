import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidAccessToken, VERIFIED_TOKENS_KEPT } from './access-token.service';
import { AuthFixture, createAuthFixture, TEST_JWT_SECRET } from './testing/auth-fixture';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function hs256(
  claims: Record<string, unknown>,
  secret: string | Buffer = TEST_JWT_SECRET,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('AccessTokenService', () => {
  let f: AuthFixture;
  let userId: string;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = () => ({ sub: userId, sid: 1, role: 'player', name: 'Ada', email: 'ada@dev.local', typ: 'access', iat: now(), exp: now() + 600 });

  beforeEach(async () => {
    f = await createAuthFixture();
    userId = (await f.users.upsertDevUser({ email: 'ada@dev.local', name: 'Ada', avatarUrl: null })).id;
  });
  afterEach(() => f.close());

  const refused = (token: string) => expect(() => f.access.verify(token)).toThrow(InvalidAccessToken);

  it('round-trips the principal', () => {
    const token = f.access.sign({ userId, sessionNumber: 3, role: 'admin', name: 'Ada', email: 'ada@dev.local' });
    expect(f.access.verify(token)).toEqual({ userId, sessionNumber: 3, role: 'admin', name: 'Ada', email: 'ada@dev.local' });
    const [header, body] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'HS256' });
    expect(body).toMatchObject({ sub: userId, sid: 3, role: 'admin', name: 'Ada', typ: 'access' });
    expect((body['exp'] as number) - (body['iat'] as number)).toBe(900);
  });

  it('accepts a well-formed HS256 token made with the same key (sanity check of the helpers)', () => {
    expect(f.access.verify(hs256(claims())).userId).toBe(userId);
  });

  it('refuses expired, wrong-signature and garbled tokens', () => {
    refused(hs256({ ...claims(), iat: now() - 1000, exp: now() - 10 }));
    refused(hs256(claims(), 'another-secret-another-secret-another-secret'));
    refused('abc.def.ghi');
    refused('');
    const token = f.access.sign({ userId, sessionNumber: 1, role: 'player', name: 'Ada', email: 'x@y' });
    refused(token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA'));
  });

  it('refuses alg none', () => {
    refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`);
  });

  it('refuses RS256 tokens and HS256 tokens keyed with a public key (algorithm confusion)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims())}`;
    refused(`${input}.${rsaSign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`);
    refused(hs256(claims(), publicKey.export({ type: 'spki', format: 'pem' }).toString()));
  });

  it('refuses tokens of another type or with missing claims', () => {
    refused(hs256({ ...claims(), typ: 'refresh' }));
    refused(hs256({ ...claims(), typ: undefined }));
    refused(hs256({ ...claims(), sid: 'x' }));
    refused(hs256({ ...claims(), role: 'root' }));
  });

  it('refuses tokens of sessions that were ended', async () => {
    const session = (await f.users.nextSession(userId))!;
    const token = f.access.sign({ userId, sessionNumber: session, role: 'player', name: 'Ada', email: 'ada@dev.local' });
    expect(f.access.verify(token).sessionNumber).toBe(session);
    await f.users.endSessions(userId);
    expect(() => f.access.verify(token)).toThrow(/ended/);
    const next = (await f.users.nextSession(userId))!;
    expect(f.access.verify(f.access.sign({ userId, sessionNumber: next, role: 'player', name: 'Ada', email: 'ada@dev.local' })).sessionNumber).toBe(next);
  });

  it('verifies a new token in microseconds (KeyObject secret), a known one faster still', () => {
    const tokens = Array.from({ length: 3000 }, (_, i) =>
      f.access.sign({ userId, sessionNumber: 1, role: 'player', name: `Ada ${i}`, email: 'ada@dev.local' }),
    );
    for (let i = 0; i < 1000; i++) f.access.verify(tokens[i]);
    let started = process.hrtime.bigint();
    for (let i = 1000; i < 3000; i++) f.access.verify(tokens[i]);
    const microsFirst = Number(process.hrtime.bigint() - started) / 1000 / 2000;
    started = process.hrtime.bigint();
    for (let i = 0; i < 20_000; i++) f.access.verify(tokens[i % 3000]);
    const microsKnown = Number(process.hrtime.bigint() - started) / 1000 / 20_000;
    console.log(`access token verify: ${microsFirst.toFixed(1)} µs the first time, ${microsKnown.toFixed(2)} µs once known`);
    expect(microsFirst).toBeLessThan(100);
    expect(microsKnown).toBeLessThan(microsFirst);
  });

  it('a known token still expires on time and still needs a live session', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const token = f.access.sign({ userId, sessionNumber: 1, role: 'player', name: 'Ada', email: 'ada@dev.local' });
      expect(f.access.verify(token).userId).toBe(userId);
      vi.setSystemTime(Date.now() + 899_000);
      expect(f.access.verify(token).userId).toBe(userId);
      vi.setSystemTime(Date.now() + 1_000);
      expect(() => f.access.verify(token)).toThrow(/expired/);
      expect(() => f.access.verify(token)).toThrow(/expired/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts only the exact token that verified: a changed signature is checked again and refused', () => {
    const token = f.access.sign({ userId, sessionNumber: 1, role: 'player', name: 'Ada', email: 'ada@dev.local' });
    expect(f.access.verify(token).userId).toBe(userId);
    refused(token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA'));
    refused(`${token.split('.').slice(0, 2).join('.')}.`);
  });

  it('keeps at most VERIFIED_TOKENS_KEPT tokens: the oldest is verified again from scratch', () => {
    const first = f.access.sign({ userId, sessionNumber: 1, role: 'player', name: 'first', email: 'ada@dev.local' });
    f.access.verify(first);
    for (let i = 0; i < VERIFIED_TOKENS_KEPT; i++) f.access.verify(f.access.sign({ userId, sessionNumber: 1, role: 'player', name: `n${i}`, email: 'e' }));
    const jwt = (f.access as unknown as { jwt: { verify: (t: string) => unknown } }).jwt;
    const spy = vi.spyOn(jwt, 'verify');
    expect(f.access.verify(first).name).toBe('first');
    expect(spy).toHaveBeenCalledOnce();
  });
});
