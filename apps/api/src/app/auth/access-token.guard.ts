import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { AccessTokenService, InvalidAccessToken } from './access-token.service';
import { AuthenticatedRequest } from './auth-principal';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** Requires `Authorization: Bearer <access JWT>`; sets `req.principal`. 401 UNAUTHORIZED otherwise. */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(private readonly tokens: AccessTokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    if (!header) throw new ApiError(401, 'UNAUTHORIZED', 'Sign in first: an access token is required.');
    const match = BEARER.exec(header.trim());
    if (!match) throw new ApiError(401, 'UNAUTHORIZED', 'The Authorization header must be "Bearer <access token>".');
    try {
      req.principal = this.tokens.verifyForRequest(req, match[1]);
    } catch (error) {
      if (error instanceof InvalidAccessToken) throw new ApiError(401, 'UNAUTHORIZED', error.message);
      throw error;
    }
    return true;
  }
}
