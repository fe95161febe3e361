import type { Request } from 'express';
import { ApiError } from '../common/api-error';

/**
 * CSRF defence for the cookie-authenticated auth endpoints, on top of SameSite=Strict:
 * - an `Origin` header must be one of the allowed origins, or the origin the request was
 *   sent to (same-origin by definition: the browser only attaches this site's cookie to
 *   requests for this host); `Origin: null` is refused;
 * - without `Origin`, a `Sec-Fetch-Site` header (sent by every current browser) must say
 *   `same-origin`;
 * - a request with neither header is not from a browser (browsers send `Origin` on every
 *   POST), so a forged cross-site request cannot look like it; such clients are accepted.
 */
export function assertAllowedOrigin(req: Request, allowedOrigins: readonly string[]): void {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const sameOrigin = origin === `${req.protocol}://${req.get('host') ?? ''}`;
    if (!sameOrigin && !allowedOrigins.includes(origin)) throw new ApiError(403, 'FORBIDDEN', `Requests from origin ${origin} are not accepted.`);
    return;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new ApiError(403, 'FORBIDDEN', 'Cross-site requests are not accepted.');
}
