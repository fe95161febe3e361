import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessTokenService, InvalidAccessToken } from '../auth/access-token.service';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * The signed-in user of a request where signing in is optional: the user id of a valid
 * bearer access token, else null. A missing, expired or invalid token means "guest"
 * (feedback must never be refused because a session ran out).
 */
@Injectable()
export class OptionalPrincipalResolver {
  constructor(private readonly tokens: AccessTokenService) {}

  userId(req: FastifyRequest): string | null {
    const match = BEARER.exec(req.headers.authorization?.trim() ?? '');
    if (!match) return null;
    try {
      return this.tokens.verify(match[1]).userId;
    } catch (error) {
      if (error instanceof InvalidAccessToken) return null;
      throw error;
    }
  }
}
