import type { IncomingMessage } from 'node:http';
import { ClientAddressResolver } from './client-address';

/**
 * Which browser origins may talk to this server with credentials: the request's own
 * origin (scheme + `Host`: same-origin by definition, so the PWA works from whatever
 * address the server is reached at — `127.0.0.1`, a LAN address, a domain) and
 * `ALLOWED_ORIGINS`. The scheme honours `X-Forwarded-Proto` only from a trusted proxy.
 * One rule for the auth CSRF check and the Socket.IO handshake.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    allowedOrigins: readonly string[],
    private readonly addresses: ClientAddressResolver,
  ) {
    this.allowed = new Set(allowedOrigins);
  }

  /** `scheme://host[:port]` the request was sent to, or null without a `Host` header. */
  ownOrigin(req: IncomingMessage): string | null {
    const host = req.headers.host;
    if (!host) return null;
    return `${this.addresses.scheme(req)}://${host.toLowerCase()}`;
  }

  /** Whether a present `Origin` header value is accepted for this request. */
  accepts(origin: string, req: IncomingMessage): boolean {
    if (this.allowed.has(origin)) return true;
    const own = this.ownOrigin(req);
    return own !== null && origin.toLowerCase() === own;
  }
}
