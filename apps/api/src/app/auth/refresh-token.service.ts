import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigurationService } from '../config/configuration.service';
import { RefreshFamiliesRepository } from '../users/refresh-families.repository';

/** A refresh token as handed to the client, with the absolute end of its family. */
export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  expiresAt: number;
}

export type RefreshOutcome =
  { ok: true; userId: string; next: IssuedRefreshToken } | { ok: false; reason: 'malformed' | 'unknown' | 'expired' | 'revoked' | 'reused' };

const TOKEN_FORMAT = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

function hash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Opaque refresh tokens `<family id>.<secret>`: 128-bit family id, 256-bit secret, both
 * from the CSPRNG. Only SHA-256 hashes of tokens are stored. Rotation is a compare-and-set
 * on the family's current hash: of two refreshes with one token exactly one wins. A token
 * that this family had and a rotation replaced is a reuse, which revokes the whole family;
 * a secret the server never issued (a guess or a forgery with a known family id) is just
 * invalid and changes nothing. Family ids are never logged (a family id plus a secret is
 * the whole token).
 */
@Injectable()
export class RefreshTokenService {
  private readonly logger = new Logger(RefreshTokenService.name);

  constructor(
    private readonly families: RefreshFamiliesRepository,
    private readonly configuration: ConfigurationService,
  ) {}

  /** A new family for a fresh sign-in; it ends `refreshTtlSeconds` from now, whatever the rotations. */
  async issue(userId: string, now = Date.now()): Promise<IssuedRefreshToken> {
    const familyId = randomBytes(16).toString('base64url');
    const token = `${familyId}.${randomBytes(32).toString('base64url')}`;
    const expiresAt = now + this.configuration.config.auth.refreshTtlSeconds * 1000;
    await this.families.create({ id: familyId, userId, hash: hash(token), createdAt: now, expiresAt });
    return { token, familyId, expiresAt };
  }

  async rotate(presented: string, now = Date.now()): Promise<RefreshOutcome> {
    const match = TOKEN_FORMAT.exec(presented);
    if (!match) return { ok: false, reason: 'malformed' };
    const familyId = match[1];
    const family = await this.families.find(familyId);
    if (!family) return { ok: false, reason: 'unknown' };
    if (family.revokedAt !== null) return { ok: false, reason: 'revoked' };
    if (family.expiresAt <= now) return { ok: false, reason: 'expired' };
    const presentedHash = hash(presented);
    const next = `${familyId}.${randomBytes(32).toString('base64url')}`;
    if (await this.families.rotate(familyId, presentedHash, hash(next), now)) {
      return { ok: true, userId: family.userId, next: { token: next, familyId, expiresAt: family.expiresAt } };
    }
    if (!(await this.families.wasRotated(familyId, presentedHash))) return { ok: false, reason: 'unknown' };
    // An older token of this family came back (stolen, or two refreshes at once): end the sign-in.
    await this.families.revoke(familyId, 'reuse', now);
    this.logger.warn(`refresh token reuse detected: a rotated token of user ${family.userId} came back; that sign-in has been ended`);
    return { ok: false, reason: 'reused' };
  }

  /**
   * Revokes the family of this token (logout) when the token is one this server issued
   * for it (the current one or a rotated one); a made-up secret revokes nothing.
   * True when a family was revoked.
   */
  async revoke(presented: string, now = Date.now()): Promise<boolean> {
    const match = TOKEN_FORMAT.exec(presented);
    if (!match) return false;
    const family = await this.families.find(match[1]);
    if (!family || family.revokedAt !== null) return false;
    const presentedHash = hash(presented);
    const issued = sameHash(presentedHash, family.currentHash) || (await this.families.wasRotated(family.id, presentedHash));
    if (!issued) return false;
    await this.families.revoke(family.id, 'logout', now);
    return true;
  }

  /** Deletes families that ended more than a day ago. */
  purge(now = Date.now()): Promise<number> {
    return this.families.purge(now - 86_400_000);
  }
}
