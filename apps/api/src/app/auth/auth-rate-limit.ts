import { applyDecorators, ExecutionContext, Injectable, NestMiddleware } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigurationService } from '../config/configuration.service';

const LIMIT = Symbol('authRateLimitPerMinute');
/** Nest middleware on Fastify sees Node's request; the throttler sees it as `request.raw`. */
type LimitedRequest = IncomingMessage & { [LIMIT]?: number };

/** Stamps the configured auth limit on the request so the throttler can read it per app. */
@Injectable()
export class AuthRateLimitMiddleware implements NestMiddleware {
  private readonly limit: number;

  constructor(configuration: ConfigurationService) {
    this.limit = configuration.config.rateLimit.authPerMinute;
  }

  use(req: LimitedRequest, _res: ServerResponse, next: () => void): void {
    req[LIMIT] = this.limit;
    next();
  }
}

const DEFAULT_AUTH_LIMIT = 30;

/** `AUTH_RATE_LIMIT_PER_MIN` requests per minute per client and endpoint (429 RATE_LIMITED beyond). */
export function AuthRateLimit(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    Throttle({
      default: {
        ttl: 60_000,
        limit: (context: ExecutionContext) => (context.switchToHttp().getRequest<FastifyRequest>().raw as LimitedRequest)[LIMIT] ?? DEFAULT_AUTH_LIMIT,
      },
    }),
  );
}
