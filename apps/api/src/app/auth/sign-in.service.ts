import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuthResponse } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { toPublicUser, User } from '../users/user';
import { UsersService } from '../users/users.service';
import { AccessTokenService } from './access-token.service';
import { GoogleIdentity } from './google-id-token.verifier';
import { IssuedRefreshToken, RefreshTokenService } from './refresh-token.service';

/** The outcome of every way in: the JSON body and the refresh token for the cookie. */
export interface SignedIn {
  body: AuthResponse;
  refresh: IssuedRefreshToken;
  user: User;
}

const MAX_NAME_LENGTH = 64;

/** Display names are public (pixel owners): printable, single-spaced, bounded. */
export function cleanDisplayName(raw: string, fallback: string): string {
  const cleaned = Array.from(raw.normalize('NFC').replace(/[\p{C}\p{Zl}\p{Zp}]/gu, '').replace(/\s+/g, ' ').trim())
    .slice(0, MAX_NAME_LENGTH)
    .join('')
    .trim();
  return cleaned || fallback;
}

/** The stable synthetic email of a dev-login name: same name (any case or accents) → same account. */
export function devEmailFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const local = slug || `u-${createHash('sha256').update(name.normalize('NFKC').toLowerCase()).digest('hex').slice(0, 16)}`;
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
