import type { AltchaChallenge } from '@pixel-wars/protocol';

import { sha256Hex } from './sha256';

/** Tries between yields, so a main-thread fallback never blocks for long. */
const SLICE = 5000;

/**
 * Finds the secret number of an ALTCHA challenge: the `n` ≤ `maxnumber` whose
 * SHA-256(salt + n) is `challenge`. Null when none matches.
 */
export async function solveProofOfWork(challenge: AltchaChallenge): Promise<number | null> {
  for (let n = 0; n <= challenge.maxnumber; n++) {
    if (sha256Hex(challenge.salt + n) === challenge.challenge) return n;
    if (n % SLICE === SLICE - 1) await new Promise((resolve) => setTimeout(resolve));
  }
  return null;
}
