import type { AltchaChallenge, AltchaPayload } from '@pixel-wars/protocol';

/** The value of the `X-Altcha` header: the solved challenge as base64 JSON (all ASCII). */
export function altchaHeader(challenge: AltchaChallenge, number: number): string {
  const payload: AltchaPayload = {
    algorithm: challenge.algorithm,
    challenge: challenge.challenge,
    number,
    salt: challenge.salt,
    signature: challenge.signature,
  };
  return btoa(JSON.stringify(payload));
}
