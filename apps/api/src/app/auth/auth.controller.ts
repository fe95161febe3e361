import { Body, Controller, HttpCode, Post, Req, Res, ServiceUnavailableException, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthResponse } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { OriginPolicy } from '../common/origin-policy';
import { ConfigurationService } from '../config/configuration.service';
import { DevLoginDto, GoogleCredentialDto, TelegramInitDataDto } from './auth.dto';
import { AuthRateLimit } from './auth-rate-limit';
import { GoogleIdTokenVerifier, GoogleUnavailable, InvalidGoogleToken } from './google-id-token.verifier';
import { assertAllowedOrigin } from './origin-check';
import { AllowedOrigin, CaptchaSolved, DevLoginEnabled, GoogleSignInEnabled, TelegramSignInEnabled } from './sign-in-guards';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';
import { SignedIn, SignInService } from './sign-in.service';
import { InvalidTelegramData, TelegramInitDataVerifier } from './telegram-init-data.verifier';

/**
 * POST-only sign-in endpoints; every one checks the Origin and is rate-limited per client.
 * With CAPTCHA=pow, dev and Google sign-in also need a proof-of-work solution (X-Altcha).
 */
@AuthRateLimit()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly google: GoogleIdTokenVerifier,
    private readonly telegram: TelegramInitDataVerifier,
    private readonly configuration: ConfigurationService,
    private readonly origins: OriginPolicy,
  ) {}

  @Post('google')
  @HttpCode(200)
  @UseGuards(GoogleSignInEnabled, AllowedOrigin, CaptchaSolved)
  async googleIdToken(@Res({ passthrough: true }) res: FastifyReply, @Body() { credential }: GoogleCredentialDto): Promise<AuthResponse> {
    let identity;
    try {
      identity = await this.google.verify(credential);
    } catch (error) {
      if (error instanceof InvalidGoogleToken) throw new ApiError(401, 'INVALID_GOOGLE_TOKEN', error.message);
      if (error instanceof GoogleUnavailable) throw new ServiceUnavailableException('Google certificates are unavailable; try again shortly.');
      throw error;
    }
    return this.respond(res, await this.signIn.withGoogle(identity));
  }

  @Post('telegram')
  @HttpCode(200)
  @UseGuards(TelegramSignInEnabled, AllowedOrigin)
  async telegramInitData(@Res({ passthrough: true }) res: FastifyReply, @Body() { initData }: TelegramInitDataDto): Promise<AuthResponse> {
    let identity;
    try {
      identity = this.telegram.verify(initData);
    } catch (error) {
      if (error instanceof InvalidTelegramData) throw new ApiError(401, 'INVALID_TELEGRAM_DATA', error.message);
      throw error;
    }
    return this.respond(res, await this.signIn.withTelegram(identity));
  }

  @Post('dev')
  @HttpCode(200)
  @UseGuards(DevLoginEnabled, AllowedOrigin, CaptchaSolved)
  async devLogin(@Res({ passthrough: true }) res: FastifyReply, @Body() { name }: DevLoginDto): Promise<AuthResponse> {
    return this.respond(res, await this.signIn.withDevName(name));
  }

  @Post('refresh')
  @HttpCode(200)
  async refresh(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<AuthResponse> {
    this.checkOrigin(req);
    try {
      return this.respond(res, await this.signIn.refresh(readRefreshCookie(req)));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'INVALID_REFRESH') clearRefreshCookie(res, this.configuration.config.production);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<void> {
    this.checkOrigin(req);
    await this.signIn.logout(readRefreshCookie(req));
    clearRefreshCookie(res, this.configuration.config.production);
  }

  private checkOrigin(req: FastifyRequest): void {
    assertAllowedOrigin(req, this.origins);
  }

  private respond(res: FastifyReply, signedIn: SignedIn): AuthResponse {
    setRefreshCookie(res, signedIn.refresh, this.configuration.config.production);
    void res.header('Cache-Control', 'no-store');
    return signedIn.body;
  }
}
