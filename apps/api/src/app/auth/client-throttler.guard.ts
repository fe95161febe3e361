import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerModuleOptions, ThrottlerRequest, ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AccessTokenService } from './access-token.service';
import { ClientAddressResolver } from '../common/client-address';
import { ConfigurationService } from '../config/configuration.service';
import { CONFIGURED_AUTH_LIMIT } from './auth-rate-limit';

/**
 * Rate limits per client: the signed-in user when the request carries a valid access
 * token (so players behind one NAT do not share a budget), otherwise the client address
 * as TRUST_PROXY resolves it (IPv6 by /64). Routes marked `@AuthRateLimit()` get
 * `AUTH_RATE_LIMIT_PER_MIN` instead of `RATE_LIMIT_PER_MIN`.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly addresses: ClientAddressResolver,
    configuration: ConfigurationService,
  ) {
    super(options, storage, reflector);
    this.authLimit = configuration.config.rateLimit.authPerMinute;
  }

  private readonly authLimit: number;

  protected override handleRequest(request: ThrottlerRequest): Promise<boolean> {
    return super.handleRequest(request.limit === CONFIGURED_AUTH_LIMIT ? { ...request, limit: this.authLimit } : request);
  }

  protected override async getTracker(req: FastifyRequest): Promise<string> {
    const authorization = req.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      try {
        return `user:${this.tokens.verifyForRequest(req, authorization.slice(7).trim()).userId}`;
      } catch {
        // an invalid token counts against the address it came from
      }
    }
    return `ip:${this.addresses.key(req.raw)}`;
  }

  /**
   * The counter's key: route + throttler + tracker as plain text. The library hashes it with
   * SHA-256 on every request (about 1 % of the placement path's CPU); trackers here are
   * short and bounded (`user:<id>`, `ip:<address or /64>`), so the text itself is the key.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${throttlerName}-${tracker}`;
  }
}
