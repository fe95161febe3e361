import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ALTCHA_HEADER } from '@pixel-wars/protocol';
import { CaptchaService } from '../captcha/captcha.service';
import { ApiError } from '../common/api-error';
import { OriginPolicy } from '../common/origin-policy';
import { ConfigurationService } from '../config/configuration.service';
import { assertAllowedOrigin } from './origin-check';
import { TelegramInitDataVerifier } from './telegram-init-data.verifier';

// Guards run before the global body pipe: a disabled way of signing in answers 404 and a
// foreign origin 403 whatever the body, as these routes always did.

/** 404 unless Google sign-in is configured (checked before the origin and the body, as the routes always did). */
@Injectable()
export class GoogleSignInEnabled implements CanActivate {
  constructor(private readonly configuration: ConfigurationService) {}
  canActivate(): boolean {
    if (!this.configuration.config.auth.google) throw new ApiError(404, 'NOT_FOUND', 'Google sign-in is not configured on this server.');
    return true;
  }
}

/** 404 unless dev login is enabled. */
@Injectable()
export class DevLoginEnabled implements CanActivate {
  constructor(private readonly configuration: ConfigurationService) {}
  canActivate(): boolean {
    if (!this.configuration.config.auth.devLogin) throw new ApiError(404, 'NOT_FOUND', 'Dev login is disabled on this server.');
    return true;
  }
}

/** The CSRF origin check (see origin-check.ts) as a guard, so it runs before the body is validated. */
@Injectable()
export class AllowedOrigin implements CanActivate {
  constructor(private readonly origins: OriginPolicy) {}
  canActivate(context: ExecutionContext): boolean {
    assertAllowedOrigin(context.switchToHttp().getRequest<FastifyRequest>(), this.origins);
    return true;
  }
}

/** 404 unless Telegram sign-in is configured. */
@Injectable()
export class TelegramSignInEnabled implements CanActivate {
  constructor(private readonly telegram: TelegramInitDataVerifier) {}
  canActivate(): boolean {
    if (!this.telegram.enabled) throw new ApiError(404, 'NOT_FOUND', 'Telegram sign-in is not configured on this server.');
    return true;
  }
}

/** With CAPTCHA=pow, a sign-in carries a solved proof-of-work (checked after the origin, before the body). */
@Injectable()
export class CaptchaSolved implements CanActivate {
  constructor(private readonly captcha: CaptchaService) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.captcha.enabled) return true;
    const solution = context.switchToHttp().getRequest<FastifyRequest>().headers[ALTCHA_HEADER.toLowerCase()];
    await this.captcha.requireSolution(typeof solution === 'string' ? solution : undefined);
    return true;
  }
}
