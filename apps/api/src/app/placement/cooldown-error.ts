import { ApiError } from '../common/api-error';

/** 429 COOLDOWN with `retryAfterMs` and a Retry-After header (whole seconds). */
export function cooldownError(retryAfterMs: number): ApiError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  return new ApiError(429, 'COOLDOWN', `Wait ${seconds} s before placing again.`, { retryAfterMs }, { 'Retry-After': String(seconds) });
}
