import { Body, Controller, Header, HttpCode, Post, ServiceUnavailableException, UseGuards } from '@nestjs/common';
import type { LinkResponse } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { IdentityKind, toPublicUser } from '../users/user';
import { UsersService } from '../users/users.service';
import { AccessTokenGuard } from './access-token.guard';
import { AuthPrincipal, CurrentPrincipal } from './auth-principal';
import { GoogleCredentialDto, TelegramInitDataDto } from './auth.dto';
import { AuthRateLimit } from './auth-rate-limit';
import { GoogleIdTokenVerifier, GoogleUnavailable, InvalidGoogleToken } from './google-id-token.verifier';
import { AllowedOrigin, GoogleSignInEnabled, TelegramSignInEnabled } from './sign-in-guards';
import { InvalidTelegramData, TelegramInitDataVerifier } from './telegram-init-data.verifier';

const PROVIDER_NAME: Record<IdentityKind, string> = { google: 'Google', telegram: 'Telegram' };

/**
 * Account linking: a signed-in player adds their Google or Telegram identity to the
 * account, proven exactly as at sign-in, so both ways in reach the same pixels and rank.
 * 409 IDENTITY_IN_USE when another account with pixels has the identity (accounts are
 * never merged); 409 ALREADY_LINKED when this account has another identity of that kind.
 */
@AuthRateLimit()
@Controller('me/link')
@UseGuards(AccessTokenGuard)
export class AccountLinksController {
  constructor(
    private readonly users: UsersService,
    private readonly google: GoogleIdTokenVerifier,
    private readonly telegram: TelegramInitDataVerifier,
  ) {}

  @Post('telegram')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @UseGuards(TelegramSignInEnabled, AllowedOrigin)
  async linkTelegram(@CurrentPrincipal() principal: AuthPrincipal, @Body() { initData }: TelegramInitDataDto): Promise<LinkResponse> {
    let telegramId: string;
    try {
      telegramId = this.telegram.verify(initData).id;
    } catch (error) {
      if (error instanceof InvalidTelegramData) throw new ApiError(401, 'INVALID_TELEGRAM_DATA', error.message);
      throw error;
    }
    return this.link(principal, 'telegram', telegramId, null);
  }

  @Post('google')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @UseGuards(GoogleSignInEnabled, AllowedOrigin)
  async linkGoogle(@CurrentPrincipal() principal: AuthPrincipal, @Body() { credential }: GoogleCredentialDto): Promise<LinkResponse> {
    let identity;
    try {
      identity = await this.google.verify(credential);
    } catch (error) {
      if (error instanceof InvalidGoogleToken) throw new ApiError(401, 'INVALID_GOOGLE_TOKEN', error.message);
      if (error instanceof GoogleUnavailable) throw new ServiceUnavailableException('Google certificates are unavailable; try again shortly.');
      throw error;
    }
    return this.link(principal, 'google', identity.sub, { email: identity.email, avatarUrl: identity.picture });
  }

  private async link(
    principal: AuthPrincipal,
    kind: IdentityKind,
    key: string,
    google: { email: string; avatarUrl: string | null } | null,
  ): Promise<LinkResponse> {
    let result;
    try {
      result = await this.users.linkIdentity(principal.userId, kind, key, google);
    } catch (error) {
      if (error instanceof RangeError) throw new ApiError(401, 'UNAUTHORIZED', 'The account no longer exists.');
      throw error;
    }
    const provider = PROVIDER_NAME[kind];
    if (result.outcome === 'taken') {
      throw new ApiError(
        409,
        'IDENTITY_IN_USE',
        `This ${provider} account already plays with another Pixel Wars account; accounts with pixels are not merged.`,
      );
    }
    if (result.outcome === 'occupied') throw new ApiError(409, 'ALREADY_LINKED', `Another ${provider} account is already linked to this account.`);
    return { user: toPublicUser(result.user) };
  }
}
