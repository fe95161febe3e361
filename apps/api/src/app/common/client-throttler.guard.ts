import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import { AccessTokenService } from '../auth/access-token.service';
import { clientIp } from './current-ip';

/**
 * Rate limits per client: the signed-in user when the request carries a valid access
 * token (so players behind one NAT do not share a budget), otherwise the IP address.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: AccessTokenService,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(req: Request): Promise<string> {
    const authorization = req.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      try {
        return `user:${this.tokens.verifyForRequest(req, authorization.slice(7).trim()).userId}`;
      } catch {
        // an invalid token counts against the address it came from
      }
    }
    return `ip:${clientIp(req)}`;
  }
}
