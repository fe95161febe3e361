import { Injectable } from '@nestjs/common';
import { SqliteDatabase } from '../storage/sqlite-database';

export interface RefreshFamily {
  id: string;
  userId: string;
  currentHash: string;
  generation: number;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/** Refresh-token families (one per sign-in). Abstract so PostgreSQL can replace SQLite. */
export abstract class RefreshFamiliesRepository {
  abstract create(family: { id: string; userId: string; hash: string; createdAt: number; expiresAt: number }): void;
  abstract find(id: string): RefreshFamily | null;
  /**
   * Atomic compare-and-set: replaces the current hash only when it still equals
   * `expectedHash` and the family is live, and remembers `expectedHash` as rotated away
   * (same transaction). True when this call won.
   */
  abstract rotate(id: string, expectedHash: string, nextHash: string, now: number): boolean;
  /** True when `hash` was a token of this family that a rotation replaced. */
  abstract wasRotated(id: string, hash: string): boolean;
  abstract revoke(id: string, reason: string, now: number): void;
  /** Revokes every live family of the user; returns how many. */
  abstract revokeAllForUser(userId: string, reason: string, now: number): number;
  /** Deletes families that ended (expired or revoked) before `before`. */
  abstract purge(before: number): number;
}

interface FamilyRow {
  id: string;
  user_id: string;
  current_hash: string;
  generation: number;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

@Injectable()
export class SqliteRefreshFamiliesRepository extends RefreshFamiliesRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    super();
    const db = database.db;
    this.statements = {
      insert: db.prepare(
        `INSERT INTO refresh_families (id, user_id, current_hash, created_at, expires_at, last_used_at)
         VALUES (@id, @userId, @hash, @createdAt, @expiresAt, @createdAt)`,
      ),
      find: db.prepare<[string], FamilyRow>('SELECT id, user_id, current_hash, generation, created_at, expires_at, revoked_at FROM refresh_families WHERE id = ?'),
      rotate: db.prepare(
        `UPDATE refresh_families SET current_hash = @next, generation = generation + 1, last_used_at = @now
         WHERE id = @id AND current_hash = @expected AND revoked_at IS NULL AND expires_at > @now`,
      ),
      remember: db.prepare('INSERT OR IGNORE INTO refresh_rotated_hashes (family_id, hash, rotated_at) VALUES (@id, @hash, @now)'),
      wasRotated: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM refresh_rotated_hashes WHERE family_id = ? AND hash = ?'),
      revoke: db.prepare('UPDATE refresh_families SET revoked_at = @now, revoked_reason = @reason WHERE id = @id AND revoked_at IS NULL'),
      revokeUser: db.prepare('UPDATE refresh_families SET revoked_at = @now, revoked_reason = @reason WHERE user_id = @userId AND revoked_at IS NULL'),
      purge: db.prepare('DELETE FROM refresh_families WHERE expires_at < @before OR revoked_at < @before'),
    };
  }

  create(family: { id: string; userId: string; hash: string; createdAt: number; expiresAt: number }): void {
    this.statements.insert.run(family);
  }

  find(id: string): RefreshFamily | null {
    const row = this.statements.find.get(id);
    if (!row) return null;
    return {
      id: row.id,
      userId: row.user_id,
      currentHash: row.current_hash,
      generation: row.generation,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
    };
  }

  rotate(id: string, expectedHash: string, nextHash: string, now: number): boolean {
    const run = this.database.db.transaction(() => {
      if (this.statements.rotate.run({ id, expected: expectedHash, next: nextHash, now }).changes !== 1) return false;
      this.statements.remember.run({ id, hash: expectedHash, now });
      return true;
    });
    return run.immediate();
  }

  wasRotated(id: string, hash: string): boolean {
    return this.statements.wasRotated.get(id, hash) !== undefined;
  }

  revoke(id: string, reason: string, now: number): void {
    this.statements.revoke.run({ id, reason, now });
  }

  revokeAllForUser(userId: string, reason: string, now: number): number {
    return this.statements.revokeUser.run({ userId, reason, now }).changes;
  }

  purge(before: number): number {
    return this.statements.purge.run({ before }).changes;
  }
}
