import type { AltchaChallenge } from '@pixel-wars/protocol';
import { solveChallenge } from 'altcha-lib';

/** Solves a challenge for real (SHA-256 brute force, as the PWA's worker does) and returns the X-Altcha value. */
export async function solve(challenge: AltchaChallenge, tamper: (n: number) => number = (n) => n): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  if (!solution) throw new Error('challenge not solvable');
  const payload = {
    algorithm: challenge.algorithm,
    challenge: challenge.challenge,
    number: tamper(solution.number),
    salt: challenge.salt,
    signature: challenge.signature,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}
