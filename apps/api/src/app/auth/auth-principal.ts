import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '@pixel-wars/protocol';
import type { FastifyRequest } from 'fastify';

/** Who is calling, as proven by a valid access token. */
export interface AuthPrincipal {
  userId: string;
  /** Session number carried by the token (incremented at every sign-in and refresh). */
  sessionNumber: number;
  role: Role;
  name: string;
  email: string;
}

export interface AuthenticatedRequest extends FastifyRequest {
  principal: AuthPrincipal;
}

/** The principal set by AccessTokenGuard; use only on guarded handlers. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): AuthPrincipal => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});
