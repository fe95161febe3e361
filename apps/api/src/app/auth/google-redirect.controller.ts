import { Controller, Get, Logger, NotFoundException, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Passport } from 'passport';
import { Profile, Strategy as GoogleStrategy, VerifyCallback } from 'passport-google-oauth20';
import { CaptchaService } from '../captcha/captcha.service';
import { ConfigurationService } from '../config/configuration.service';
import { AuthRateLimit } from './auth-rate-limit';
import { GoogleIdentity } from './google-id-token.verifier';
import { CookieStateStore } from './oauth-state-store';
import { setRefreshCookie } from './refresh-cookie';
import { SignInService } from './sign-in.service';

/** Where the browser lands after the redirect flow; the PWA then calls POST /api/auth/refresh. */
const SIGNED_IN_LOCATION = '/';
const FAILED_LOCATION = '/?authError=google';

/**
 * The redirect flow (passport-google-oauth20): /start → Google → /callback → the PWA,
 * signed in by the refresh cookie. Uses a private Passport instance and a per-app
 * strategy, so several apps in one process never share strategy state.
 */
@AuthRateLimit()
@Controller('auth/google')
export class GoogleRedirectController {
  private readonly logger = new Logger(GoogleRedirectController.name);
  private readonly passport = new Passport();
  private readonly strategy: GoogleStrategy | null;

  constructor(
    private readonly configuration: ConfigurationService,
    private readonly signIn: SignInService,
    private readonly captcha: CaptchaService,
  ) {
    const { auth, publicUrl, production } = configuration.config;
    const google = auth.google;
    this.strategy = google?.clientSecret
      ? new GoogleStrategy(
          {
            clientID: google.clientId,
            clientSecret: google.clientSecret,
            callbackURL: `${publicUrl}/api/auth/google/callback`,
            authorizationURL: google.authorizationUrl,
            tokenURL: google.tokenUrl,
            userProfileURL: google.userProfileUrl,
            scope: ['openid', 'email', 'profile'],
            pkce: true,
            store: new CookieStateStore(production) as never,
          },
          (_accessToken: string, _refreshToken: string, profile: Profile, done: VerifyCallback) => done(null, identityFrom(profile) ?? false),
        )
      : null;
    // Send Google's access token in the Authorization header, not in the userinfo URL (node-oauth's default).
    (this.strategy as unknown as OAuth2Internals | null)?._oauth2.useAuthorizationHeaderforGET(true);
  }

  /** With CAPTCHA=pow the PWA navigates here with `?altcha=<solution>` (a navigation carries no header). */
  @Get('start')
  async start(@Req() req: Request, @Res() res: Response, @Query('altcha') altcha?: string): Promise<void> {
    if (this.captcha.enabled) await this.captcha.requireSolution(typeof altcha === 'string' ? altcha : undefined);
    this.authenticate(req, res, { prompt: 'select_account' }, () => {
      // /start never authenticates: the strategy always redirects to Google.
      res.redirect(302, FAILED_LOCATION);
    });
  }

  @Get('callback')
  callback(@Req() req: Request, @Res() res: Response): void {
    this.authenticate(req, res, {}, async (identity) => {
      res.setHeader('Cache-Control', 'no-store');
      if (!identity) return res.redirect(302, FAILED_LOCATION);
      const signedIn = await this.signIn.withGoogle(identity);
      setRefreshCookie(res, signedIn.refresh, this.configuration.config.production);
      res.redirect(302, SIGNED_IN_LOCATION);
    });
  }

  private authenticate(req: Request, res: Response, options: Record<string, unknown>, done: (identity: GoogleIdentity | null) => void | Promise<void>): void {
    if (!this.strategy) throw new NotFoundException('Google sign-in (redirect flow) is not configured on this server.');
    // A fresh object per request: passport attaches per-request callbacks to the strategy.
    const perRequest = Object.create(this.strategy) as GoogleStrategy;
    const middleware = this.passport.authenticate(perRequest, { session: false, ...options }, (error: unknown, identity: GoogleIdentity | false) => {
      if (error) this.logger.warn(`Google redirect sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
      const failed = (failure: unknown) => {
        this.logger.error(`Google redirect sign-in failed: ${failure instanceof Error ? failure.stack : String(failure)}`);
        if (!res.headersSent) res.redirect(302, FAILED_LOCATION);
      };
      try {
        void Promise.resolve(done(error || !identity ? null : identity)).catch(failed);
      } catch (failure) {
        failed(failure);
      }
    });
    middleware(req, res, (error?: unknown) => {
      this.logger.warn(`Google redirect sign-in error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.redirect(302, FAILED_LOCATION);
    });
  }
}

interface OAuth2Internals {
  _oauth2: { useAuthorizationHeaderforGET(use: boolean): void };
}

/** Only a verified Google email identifies a person here. */
function identityFrom(profile: Profile): GoogleIdentity | null {
  const email = profile.emails?.find((e) => (e as { verified?: unknown }).verified === true || (e as { verified?: unknown }).verified === 'true');
  if (!profile.id || !email?.value) return null;
  return {
    sub: profile.id,
    email: email.value.toLowerCase(),
    name: profile.displayName ?? '',
    picture: profile.photos?.[0]?.value ?? null,
  };
}
