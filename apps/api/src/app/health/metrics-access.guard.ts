import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestPath } from '../common/request-path';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../common/api-error';
import { ClientAddressResolver, isLoopback } from '../common/client-address';
import { ConfigurationService } from '../config/configuration.service';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * `GET /api/metrics` (docs/protocol.md 8): with METRICS_TOKEN set, only `Authorization: Bearer
 * <token>` (else 401 UNAUTHORIZED); without it, only a client on this machine (else 404
 * NOT_FOUND, as if there were no such endpoint). The client is the resolved address, so
 * through a trusted proxy it is the real client, not the proxy; a request carrying
 * `X-Forwarded-For` from an untrusted peer came through some proxy and is not local.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  private readonly tokenDigest: Buffer | null;

  constructor(
    configuration: ConfigurationService,
    private readonly addresses: ClientAddressResolver,
  ) {
    const token = configuration.config.metricsToken;
    this.tokenDigest = token === null ? null : digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.tokenDigest) {
      const header = req.headers.authorization ?? '';
      const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      // Digests have one length, so the comparison takes the same time whatever was sent.
      if (presented && timingSafeEqual(digest(presented), this.tokenDigest)) return true;
      throw new ApiError(401, 'UNAUTHORIZED', 'Metrics need Authorization: Bearer <METRICS_TOKEN>.', {}, { 'WWW-Authenticate': 'Bearer' });
    }
    const forwardedByStranger = req.headers['x-forwarded-for'] !== undefined && !this.addresses.fromTrustedProxy(req.raw);
    if (!forwardedByStranger && isLoopback(this.addresses.address(req.raw))) return true;
    throw new ApiError(404, 'NOT_FOUND', `Cannot GET ${requestPath(req)}`);
  }
}
