import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';

/** A locally generated RSA key standing in for one of Google's signing keys (tests only). */
export interface TestSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicPem: string;
}

export function createTestSigningKey(kid: string): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs an RS256 JWT like Google's ID tokens (header and claims can be overridden). */
export function signIdToken(key: TestSigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const body = { iss: 'https://accounts.google.com', iat: now, exp: now + 3600, email_verified: true, ...claims };
  const signingInput = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${b64(body)}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}
