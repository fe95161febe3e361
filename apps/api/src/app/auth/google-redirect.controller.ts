import { Controller, Get, Logger, NotFoundException, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Passport } from 'passport';
import { Profile, Strategy as GoogleStrategy, VerifyCallback } from 'passport-google-oauth20';
import { CaptchaService } from '../captcha/captcha.service';
import { ConfigurationService } from '../config/configuration.service';
import { AuthRateLimit } from './auth-rate-limit';
import { GoogleIdentity } from './google-id-token.verifier';
import { CookieStateStore, OAuthRequest } from './oauth-state-store';
import { requestCookies, setRefreshCookie } from './refresh-cookie';
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
  async start(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('altcha') altcha?: string): Promise<void> {
    if (this.captcha.enabled) await this.captcha.requireSolution(typeof altcha === 'string' ? altcha : undefined);
    await this.authenticate(req, reply, { prompt: 'select_account' }, () => {
      // /start never authenticates: the strategy always redirects to Google.
      void reply.redirect(FAILED_LOCATION, 302);
    });
  }

  @Get('callback')
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.authenticate(req, reply, {}, async (identity) => {
      void reply.header('Cache-Control', 'no-store');
      if (!identity) return void reply.redirect(FAILED_LOCATION, 302);
      const signedIn = await this.signIn.withGoogle(identity);
      setRefreshCookie(reply, signedIn.refresh, this.configuration.config.production);
      void reply.redirect(SIGNED_IN_LOCATION, 302);
    });
  }

  /** Runs the strategy on Express-shaped views of the Fastify request and reply; settles once the reply is sent. */
  private authenticate(
    req: FastifyRequest,
    reply: FastifyReply,
    options: Record<string, unknown>,
    done: (identity: GoogleIdentity | null) => void | Promise<void>,
  ): Promise<void> {
    if (!this.strategy) throw new NotFoundException('Google sign-in (redirect flow) is not configured on this server.');
    // A fresh object per request: passport attaches per-request callbacks to the strategy.
    const perRequest = Object.create(this.strategy) as GoogleStrategy;
    return new Promise<void>((settle) => {
      const failed = () => {
        if (!reply.sent) void reply.redirect(FAILED_LOCATION, 302);
        settle();
      };
      const middleware = this.passport.authenticate(perRequest, { session: false, ...options }, (error: unknown, identity: GoogleIdentity | false) => {
        if (error) this.logger.warn(`Google redirect sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
        const crashed = (failure: unknown) => {
          this.logger.error(`Google redirect sign-in failed: ${failure instanceof Error ? failure.stack : String(failure)}`);
          failed();
        };
        try {
          Promise.resolve(done(error || !identity ? null : identity)).then(settle, crashed);
        } catch (failure) {
          crashed(failure);
        }
      });
      const oauthRequest: OAuthRequest = { method: req.method, url: req.url, headers: req.headers, query: req.query, cookies: requestCookies(req), reply };
      middleware(oauthRequest, passportResponse(reply, settle), (error?: unknown) => {
        this.logger.warn(`Google redirect sign-in error: ${error instanceof Error ? error.message : String(error)}`);
        failed();
      });
    });
  }
}

/** The part of a Node response passport writes when a strategy redirects (to Google). */
function passportResponse(reply: FastifyReply, sent: () => void) {
  return {
    get statusCode(): number {
      return reply.statusCode;
    },
    set statusCode(code: number) {
      void reply.code(code);
    },
    setHeader(name: string, value: string): void {
      void reply.header(name, value);
    },
    end(): void {
      void reply.send();
      sent();
    },
  };
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
