import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuthResponse } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { toPublicUser, User } from '../users/user';
import { UsersService } from '../users/users.service';
import { AccessTokenService } from './access-token.service';
import { GoogleIdentity } from './google-id-token.verifier';
import { IssuedRefreshToken, RefreshTokenService } from './refresh-token.service';
import { TelegramIdentity, telegramDisplayName } from './telegram-init-data.verifier';

/** The outcome of every way in: the JSON body and the refresh token for the cookie. */
export interface SignedIn {
  body: AuthResponse;
  refresh: IssuedRefreshToken;
  user: User;
}

const MAX_NAME_LENGTH = 64;

/** Display names are public (pixel owners): printable, single-spaced, bounded. */
export function cleanDisplayName(raw: string, fallback: string): string {
  const cleaned = Array.from(
    raw
      .normalize('NFC')
      .replace(/[\p{C}\p{Zl}\p{Zp}]/gu, '')
      .replace(/\s+/g, ' ')
      .trim(),
  )
    .slice(0, MAX_NAME_LENGTH)
    .join('')
    .trim();
  return cleaned || fallback;
}

/**
 * The comparison key of a dev-login name: Unicode NFKC, then a full case fold, so
 * "Ada", "ADA" and "Ａｄａ" (full-width) are one account while "Аda" (Cyrillic А),
 * "José" and "Jose" stay different ones. JavaScript has no case-fold primitive:
 * upper- then lower-casing each character gives Unicode's full folding (ß → ss,
 * ς → σ), except for the dotless ı, which folding keeps apart from i.
 */
export function devNameKey(name: string): string {
  let folded = '';
  for (const char of name.normalize('NFKC')) folded += char === 'ı' ? char : char.toUpperCase().toLowerCase();
  return folded.normalize('NFKC');
}

const READABLE_KEY = /^[a-z0-9][a-z0-9_.-]*$/;

/**
 * The stable synthetic email of a dev-login name, one per name key: readable for plain
 * ASCII keys (`ada@dev.local`), otherwise `dev+<hash of the key>@dev.local` — "+" cannot
 * occur in a name, so no name can produce another name's hashed address.
 */
export function devEmailFor(name: string): string {
  const key = devNameKey(name);
  const local = READABLE_KEY.test(key) ? key : `dev+${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 24)}`;
  return `${local}@dev.local`;
}

/**
 * Turns a proven identity into an account and a fresh token pair: a new refresh family
 * and a new session number at every sign-in; rotation on refresh.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly users: UsersService,
    private readonly access: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
  ) {}

  async withGoogle(identity: GoogleIdentity): Promise<SignedIn> {
    const user = await this.users.upsertGoogleUser(identity.sub, {
      email: identity.email,
      name: cleanDisplayName(identity.name, identity.email.split('@')[0]),
      avatarUrl: identity.picture,
    });
    return this.newPair(user);
  }

  async withTelegram(identity: TelegramIdentity): Promise<SignedIn> {
    const fallback = identity.username ?? `player${identity.id.slice(-4)}`;
    const user = await this.users.upsertTelegramUser(identity.id, {
      name: cleanDisplayName(telegramDisplayName(identity), fallback),
      avatarUrl: identity.photoUrl,
    });
    return this.newPair(user);
  }

  async withDevName(name: string): Promise<SignedIn> {
    const user = await this.users.upsertDevUser({ email: devEmailFor(name), name: cleanDisplayName(name, 'player'), avatarUrl: null });
    return this.newPair(user);
  }

  /** Rotates the refresh token; 401 INVALID_REFRESH for a missing, unknown, expired, revoked or reused one. */
  async refresh(presented: string | undefined): Promise<SignedIn> {
    if (!presented) throw new ApiError(401, 'INVALID_REFRESH', 'No refresh token: sign in again.');
    const outcome = await this.refreshTokens.rotate(presented);
    if (!outcome.ok) {
      const message =
        outcome.reason === 'reused'
          ? 'This refresh token was already used; every session of this sign-in has been ended.'
          : outcome.reason === 'expired'
            ? 'The sign-in has expired; sign in again.'
            : 'The refresh token is not valid; sign in again.';
      throw new ApiError(401, 'INVALID_REFRESH', message);
    }
    const user = await this.users.findById(outcome.userId);
    if (!user) throw new ApiError(401, 'INVALID_REFRESH', 'The account no longer exists.');
    return { body: await this.accessFor(user), refresh: outcome.next, user };
  }

  /** Ends the sign-in of a refresh token this server issued; anything else changes nothing. */
  async logout(presented: string | undefined): Promise<void> {
    if (presented) await this.refreshTokens.revoke(presented);
  }

  private async newPair(user: User): Promise<SignedIn> {
    const refresh = await this.refreshTokens.issue(user.id);
    return { body: await this.accessFor(user), refresh, user };
  }

  private async accessFor(user: User): Promise<AuthResponse> {
    const sessionNumber = await this.users.nextSession(user.id);
    if (sessionNumber === null) throw new ApiError(401, 'INVALID_REFRESH', 'The account no longer exists.');
    const accessToken = this.access.sign({ userId: user.id, sessionNumber, role: user.role, name: user.name, email: user.email });
    return { accessToken, expiresIn: this.access.ttlSeconds, user: toPublicUser(user) };
  }
}
