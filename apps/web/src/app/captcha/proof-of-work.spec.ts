import { describe, expect, it } from 'vitest';
import { solveProofOfWork } from './proof-of-work';
import { sha256Hex } from './sha256';

const webDigest = async (text: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))), (b) => b.toString(16).padStart(2, '0')).join('');

describe('proof-of-work solver', () => {
  it('hashes like Web Crypto for one and several blocks', async () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(119), '5f1b0c9e8a7d6c5b4a3f2e1d?expires=1765000000123456']) {
      expect(sha256Hex(text)).toBe(await webDigest(text));
    }
  });

  it('finds the secret number of an ALTCHA challenge', async () => {
    const salt = '0123456789abcdef01234567?expires=1765000000';
    const challenge = { algorithm: 'SHA-256' as const, challenge: await webDigest(`${salt}4321`), maxnumber: 5000, salt, signature: 'x' };
    expect(await solveProofOfWork(challenge)).toBe(4321);
    expect(await solveProofOfWork({ ...challenge, maxnumber: 4000 })).toBeNull();
  });
});
