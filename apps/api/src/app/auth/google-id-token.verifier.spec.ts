import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { GoogleIdTokenVerifier, GoogleUnavailable, InvalidGoogleToken } from './google-id-token.verifier';
import { createTestSigningKey, signIdToken, TestSigningKey } from './testing/google-test-keys';

const CLIENT_ID = 'test-client.apps.googleusercontent.com';

describe('GoogleIdTokenVerifier', () => {
  let verifier: GoogleIdTokenVerifier;
  let key: TestSigningKey;
  let stranger: TestSigningKey;
  const base = { sub: '1234567890', aud: CLIENT_ID, email: 'Ada@Example.com', name: 'Ada Lovelace', picture: 'https://lh3.googleusercontent.com/a/x' };

  beforeAll(() => {
    key = createTestSigningKey('k1');
    stranger = createTestSigningKey('k1-other');
    verifier = new GoogleIdTokenVerifier(new ConfigurationService(loadAppConfig({ GOOGLE_CLIENT_ID: CLIENT_ID, DATA_DIR: '/tmp/unused' })));
    verifier.useCertificates({ [key.kid]: key.publicPem });
  });

  const rejects = async (token: string, reason: RegExp) => {
    const error = await verifier.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidGoogleToken);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).not.toContain(token.slice(0, 20));
  };

  it('accepts a valid token and returns the identity by subject', async () => {
    await expect(verifier.verify(signIdToken(key, base))).resolves.toEqual({
      sub: '1234567890',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      picture: 'https://lh3.googleusercontent.com/a/x',
    });
    await expect(verifier.verify(signIdToken(key, { ...base, iss: 'accounts.google.com' }))).resolves.toMatchObject({ sub: '1234567890' });
  });

  it('rejects a wrong audience', () => rejects(signIdToken(key, { ...base, aud: 'someone-else.apps.googleusercontent.com' }), /another client/));
  it('rejects a wrong issuer', () => rejects(signIdToken(key, { ...base, iss: 'https://evil.example' }), /issued by Google/));
  it('rejects an expired token', () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    return rejects(signIdToken(key, { ...base, iat: past - 3600, exp: past }), /expired/);
  });
  it('rejects an unverified email', () => rejects(signIdToken(key, { ...base, email_verified: false }), /not verified/));
  it('rejects a token without email_verified', () => rejects(signIdToken(key, { ...base, email_verified: undefined }), /not verified/));
  it('rejects a key it does not know', () => rejects(signIdToken(stranger, base), /unknown key/));
  it('rejects a known kid with a signature from another key', () => rejects(signIdToken(stranger, base, { kid: key.kid }), /signature/));
  it('rejects alg none', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: key.kid })).toString('base64url');
    const body = Buffer.from(JSON.stringify(base)).toString('base64url');
    return rejects(`${header}.${body}.`, /not a JWT|algorithm/);
  });
  it('rejects HS256 signed with the public key (algorithm confusion)', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: key.kid })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const body = Buffer.from(JSON.stringify({ ...base, iss: 'https://accounts.google.com', iat: now, exp: now + 600, email_verified: true })).toString(
      'base64url',
    );
    const signature = createHmac('sha256', key.publicPem).update(`${header}.${body}`).digest('base64url');
    return rejects(`${header}.${body}.${signature}`, /algorithm/);
  });
  it('rejects garbage', () => rejects('not-a-token', /not a JWT/));

  it("gives up on Google's certificate endpoint after GOOGLE_CERTS_TIMEOUT_MS (503, not a hung sign-in)", async () => {
    const asked: string[] = [];
    const hanging = createServer((req) => asked.push(req.url ?? '')); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = hanging.address() as AddressInfo;
      const slow = new GoogleIdTokenVerifier(
        new ConfigurationService(
          loadAppConfig({
            GOOGLE_CLIENT_ID: CLIENT_ID,
            DATA_DIR: '/tmp/unused',
            GOOGLE_CERTS_URL: `http://127.0.0.1:${port}/certs`,
            GOOGLE_CERTS_TIMEOUT_MS: '1000',
          }),
        ),
      );
      const started = Date.now();
      const error = await slow.verify(signIdToken(key, base)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GoogleUnavailable);
      // 1 s asked; generous for a loaded machine (without a timeout it waits forever)
      expect(Date.now() - started).toBeLessThan(6000);
      for (let i = 0; i < 100 && asked.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(asked[0]).toBe('/certs'); // the configured endpoint was the one asked
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  }, 20_000);
});
