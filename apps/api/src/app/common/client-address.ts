import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import { compileProxyTrust, ProxyTrust, TrustProxySetting } from '../config/trust-proxy';

/** `::ffff:10.0.0.1` → `10.0.0.1`; zone ids dropped; anything unparseable is kept as is. */
export function normalizeAddress(address: string): string {
  try {
    return ipaddr.process(address).toString().replace(/%.*$/, '');
  } catch {
    return address;
  }
}

/**
 * The key that limits and caps count against: an IPv4 address as it is, an IPv6 address
 * by its /64 (one subscriber usually gets a whole /64, so per-address limits would be
 * trivially bypassed by rotating through it).
 */
export function addressKey(address: string): string {
  try {
    const parsed = ipaddr.process(address);
    if (parsed.kind() === 'ipv4') return parsed.toString();
    const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
    return `${parts.join(':')}::/64`;
  } catch {
    return address;
  }
}

export function isLoopback(address: string): boolean {
  try {
    return ipaddr.process(address).range() === 'loopback';
  } catch {
    return false;
  }
}

/**
 * Who a request comes from, by one rule for HTTP (Fastify) and the Socket.IO handshake.
 * Everything here reads only Node's `IncomingMessage`, so it moves with the HTTP platform.
 */
export class ClientAddressResolver {
  private readonly trust: ProxyTrust;

  constructor(readonly setting: TrustProxySetting) {
    this.trust = compileProxyTrust(setting);
  }

  /** The trust function, for Fastify's `trustProxy` (so `request.ip`/`request.protocol` agree). */
  get trustFunction(): ProxyTrust {
    return this.trust;
  }

  /** The client's address: the TCP peer, or the first untrusted `X-Forwarded-For` hop. */
  address(req: IncomingMessage): string {
    if (!req.socket?.remoteAddress) return 'unknown';
    return normalizeAddress(proxyaddr(req, this.trust));
  }

  /** The rate-limit key of the client (IPv6 by /64). */
  key(req: IncomingMessage): string {
    return addressKey(this.address(req));
  }

  /** Whether the TCP peer is one of our proxies (then its `X-Forwarded-*` headers count). */
  fromTrustedProxy(req: IncomingMessage): boolean {
    const peer = req.socket?.remoteAddress;
    return peer !== undefined && this.trust(peer, 0);
  }

  /** `http` or `https` as the client used it: `X-Forwarded-Proto` only from a trusted proxy. */
  scheme(req: IncomingMessage): 'http' | 'https' {
    const own = (req.socket as TLSSocket | undefined)?.encrypted ? 'https' : 'http';
    if (!this.fromTrustedProxy(req)) return own;
    const header = req.headers['x-forwarded-proto'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
    return first === 'https' || first === 'http' ? first : own;
  }
}
