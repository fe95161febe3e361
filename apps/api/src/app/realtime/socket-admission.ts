import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { Counter, Gauge } from 'prom-client';
import { ClientAddressResolver } from '../common/client-address';
import { OriginPolicy } from '../common/origin-policy';
import { ConfigurationService } from '../config/configuration.service';
import { MetricsService } from '../health/metrics.service';

/** Engine.IO's error code for a request refused by `allowRequest` (its JSON body carries it). */
const ENGINE_FORBIDDEN = 4;
const HANDSHAKE_WINDOW_MS = 60_000;

/** The messages a refused Engine.IO handshake carries (docs/protocol.md 8). */
export type HandshakeRefusal = 'ORIGIN_NOT_ALLOWED' | 'RATE_LIMITED';
type RefusalReason = 'origin' | 'per_address_cap' | 'handshake_rate' | 'namespace';

type AllowCallback = (message: string | null | undefined, success: boolean) => void;
const CLIENT_KEY = Symbol('clientKey');
type KeyedRequest = IncomingMessage & { [CLIENT_KEY]?: string; res?: ServerResponse };

/** The part of an Engine.IO socket the admission needs. */
export interface EngineConnection {
  request: unknown;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Who may open an Engine.IO connection (before any namespace): the `Origin` must pass
 * the shared OriginPolicy (403 ORIGIN_NOT_ALLOWED), each client address (IPv6: /64) may
 * hold at most MAX_SOCKETS_PER_IP connections at once and open at most
 * RATE_LIMIT_PER_MIN per minute (429 RATE_LIMITED). Connections are counted from
 * Engine.IO's own `connection`/`close` events; between the check and the `connection`
 * event Engine.IO does no I/O, so parallel handshakes cannot overshoot the cap.
 */
@Injectable()
export class SocketAdmission {
  private readonly perKey = new Map<string, number>();
  private readonly maxPerKey: number;
  private readonly handshakesPerMinute: number;
  private readonly refusals: Counter<'reason'>;
  private connections = 0;

  constructor(
    configuration: ConfigurationService,
    private readonly addresses: ClientAddressResolver,
    private readonly origins: OriginPolicy,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    metrics: MetricsService,
  ) {
    this.maxPerKey = configuration.config.maxSocketsPerIp;
    this.handshakesPerMinute = configuration.config.rateLimit.perMinute;
    const registers = [metrics.registry];
    const read = (value: () => number) =>
      function (this: Gauge) {
        this.set(value());
      };
    new Gauge({
      name: 'pixelwars_engine_connections',
      help: 'Open Engine.IO connections (joined to /play or not yet)',
      registers,
      collect: read(() => this.connections),
    });
    new Gauge({
      name: 'pixelwars_engine_connections_max_per_address',
      help: 'Most Engine.IO connections held by one client address (IPv6: /64); refused past MAX_SOCKETS_PER_IP',
      registers,
      collect: read(() => this.largestShare()),
    });
    this.refusals = new Counter({
      name: 'pixelwars_socket_refusals_total',
      help: 'Socket connections refused: origin, per_address_cap, handshake_rate, namespace',
      labelNames: ['reason'],
      registers,
    });
  }

  /** Engine.IO `allowRequest`, called for every new session (never for its later requests). */
  allowRequest(req: IncomingMessage, callback: AllowCallback): void {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.origins.accepts(origin, req)) return this.refuse(req, 403, 'ORIGIN_NOT_ALLOWED', 'origin', callback);
    const key = this.addresses.key(req);
    void this.storage.increment(`handshake:${key}`, HANDSHAKE_WINDOW_MS, this.handshakesPerMinute, 0, 'handshake').then(
      (record) => {
        if (record.isBlocked) return this.refuse(req, 429, 'RATE_LIMITED', 'handshake_rate', callback);
        if ((this.perKey.get(key) ?? 0) >= this.maxPerKey) return this.refuse(req, 429, 'RATE_LIMITED', 'per_address_cap', callback);
        (req as KeyedRequest)[CLIENT_KEY] = key;
        callback(null, true);
      },
      () => callback('INTERNAL_ERROR', false),
    );
  }

  /** Engine.IO `connection`: counts the connection against its address until it closes. */
  track(connection: EngineConnection): void {
    const key = (connection.request as KeyedRequest | null)?.[CLIENT_KEY];
    if (key === undefined) return;
    this.connections++;
    this.perKey.set(key, (this.perKey.get(key) ?? 0) + 1);
    connection.once('close', () => {
      this.connections--;
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
    });
  }

  /** A connection that asked for a namespace other than /play (refused and closed). */
  noteNamespaceRefused(): void {
    this.refusals.inc({ reason: 'namespace' });
  }

  /** Open connections of one client key (tests, diagnostics). */
  connectionsOf(key: string): number {
    return this.perKey.get(key) ?? 0;
  }

  private largestShare(): number {
    let largest = 0;
    for (const count of this.perKey.values()) largest = Math.max(largest, count);
    return largest;
  }

  /**
   * Answers the handshake itself so the status can be 429 as well as 403 (Engine.IO's
   * own refusal is always 403, and 400 text on a WebSocket upgrade), with Engine.IO's
   * JSON error body; then lets Engine.IO finish (it sees the response already sent).
   */
  private refuse(req: IncomingMessage, status: 403 | 429, message: HandshakeRefusal, reason: RefusalReason, callback: AllowCallback): void {
    this.refusals.inc({ reason });
    const body = JSON.stringify({ code: ENGINE_FORBIDDEN, message });
    const res = (req as KeyedRequest).res;
    if (res && !res.headersSent) {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    } else if (!res && req.socket.writable) {
      // A WebSocket upgrade: no ServerResponse exists, answer on the raw connection.
      req.socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }
    callback(message, false);
  }
}
