import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';

export interface PlacingUser {
  userId: string;
  name: string;
}

/**
 * DEVELOPMENT GUARD — stands in for sign-in until the auth module replaces it on
 * POST /api/canvas/pixels: trusts an `X-Dev-User` header, only when dev login is on.
 */
@Injectable()
export class DevelopmentPlacementGuard implements CanActivate {
  constructor(private readonly configuration: ConfigurationService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { principal?: PlacingUser }>();
    const name = req.header('x-dev-user');
    if (!this.configuration.config.auth.devLogin || !name || !/^[\w .-]{1,32}$/.test(name)) {
      throw new ApiError(401, 'UNAUTHORIZED', 'Sign in to place pixels.');
    }
    req.principal = { userId: `dev:${name}`, name };
    return true;
  }
}
