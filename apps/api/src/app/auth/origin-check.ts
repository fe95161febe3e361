import type { FastifyRequest } from 'fastify';
import { ApiError } from '../common/api-error';
import { OriginPolicy } from '../common/origin-policy';

/**
 * CSRF defence for the cookie-authenticated auth endpoints, on top of SameSite=Strict:
 * - an `Origin` header must pass the shared OriginPolicy (the request's own origin or
 *   ALLOWED_ORIGINS; the same rule as the socket handshake); `Origin: null` is refused;
 * - without `Origin`, a `Sec-Fetch-Site` header (sent by every current browser) must say
 *   `same-origin`;
 * - a request with neither header is not from a browser (browsers send `Origin` on every
 *   POST), so a forged cross-site request cannot look like it; such clients are accepted.
 */
export function assertAllowedOrigin(req: FastifyRequest, origins: OriginPolicy): void {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!origins.accepts(origin, req.raw)) throw new ApiError(403, 'FORBIDDEN', `Requests from origin ${origin} are not accepted.`);
    return;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new ApiError(403, 'FORBIDDEN', 'Cross-site requests are not accepted.');
}
