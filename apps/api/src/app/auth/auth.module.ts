import { Module, OnModuleInit } from '@nestjs/common';
import { CaptchaModule } from '../captcha/captcha.module';
import { PlayGateway } from '../realtime/play.gateway';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';
import { AccessTokenGuard } from './access-token.guard';
import { AccountLinksController } from './account-links.controller';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { GoogleIdTokenVerifier } from './google-id-token.verifier';
import { GoogleRedirectController } from './google-redirect.controller';
import { RefreshFamilyPurge } from './refresh-family-purge';
import { RefreshTokenService } from './refresh-token.service';
import { SignInService } from './sign-in.service';
import { socketAuthMiddleware } from './socket-auth';
import { TelegramInitDataVerifier } from './telegram-init-data.verifier';

/**
 * Sign-in (Google ID token, Google redirect flow, Telegram Mini App init data, dev login), the access/refresh token
 * pair, the HTTP guard and the `/play` handshake check; users and bans.
 */
@Module({
  imports: [CaptchaModule, RealtimeModule, UsersModule],
  controllers: [AuthController, GoogleRedirectController, AccountLinksController],
  providers: [AccessTokenService, AccessTokenGuard, RefreshTokenService, RefreshFamilyPurge, GoogleIdTokenVerifier, TelegramInitDataVerifier, SignInService],
  exports: [UsersModule, AccessTokenService, AccessTokenGuard, GoogleIdTokenVerifier, TelegramInitDataVerifier, SignInService],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly gateway: PlayGateway,
    private readonly tokens: AccessTokenService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.gateway.useHandshake(socketAuthMiddleware(this.tokens, this.users));
  }
}
