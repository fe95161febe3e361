import { applyDecorators } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';

/**
 * Stands for `AUTH_RATE_LIMIT_PER_MIN` in the route's throttle metadata: decorators cannot
 * read the configuration, so ClientThrottlerGuard (which can) puts the configured limit in
 * its place, per app. No request ever has a negative limit otherwise.
 */
export const CONFIGURED_AUTH_LIMIT = -1;

/** `AUTH_RATE_LIMIT_PER_MIN` requests per minute per client and endpoint (429 RATE_LIMITED beyond). */
export function AuthRateLimit(): MethodDecorator & ClassDecorator {
  return applyDecorators(Throttle({ default: { ttl: 60_000, limit: CONFIGURED_AUTH_LIMIT } }));
}
