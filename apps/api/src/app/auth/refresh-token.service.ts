import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { ConfigurationService } from '../config/configuration.service';
import { RefreshFamiliesRepository } from './refresh-families.repository';

/** A refresh token as handed to the client, with the absolute end of its family. */
export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  expiresAt: number;
}

export type RefreshOutcome =
  | { ok: true; userId: string; next: IssuedRefreshToken }
  | { ok: false; reason: 'malformed' | 'unknown' | 'expired' | 'revoked' | 'reused' };

const TOKEN_FORMAT = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

function hash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Opaque refresh tokens `<family id>.<secret>`: 128-bit family id, 256-bit secret, both
 * from the CSPRNG. Only the SHA-256 of the token is stored. Rotation is a compare-and-set
 * on the family's current hash: of two refreshes with one token exactly one wins, and a
 * token that no longer matches its family is a reuse, which revokes the whole family.
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
    const next = `${familyId}.${randomBytes(32).toString('base64url')}`;
    if (await this.families.rotate(familyId, hash(presented), hash(next), now)) {
      return { ok: true, userId: family.userId, next: { token: next, familyId, expiresAt: family.expiresAt } };
    }
    // The token is not (or no longer) the family's current one: an older token came back.
    await this.families.revoke(familyId, 'reuse', now);
    this.logger.warn(`refresh token reuse detected: family ${familyId} of user ${family.userId} revoked`);
    return { ok: false, reason: 'reused' };
  }

  /** Revokes the family of this token (logout); silent when the token is unknown. */
  async revoke(presented: string, now = Date.now()): Promise<void> {
    const match = TOKEN_FORMAT.exec(presented);
    if (match) await this.families.revoke(match[1], 'logout', now);
  }

  /** Deletes families that ended more than a day ago. */
  purge(now = Date.now()): Promise<number> {
    return this.families.purge(now - 86_400_000);
  }
}
