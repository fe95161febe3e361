import { SqliteDatabase } from '../storage/sqlite-database';
import { FAMILY_COLUMNS, FamilyRow, RefreshFamiliesRepository, RefreshFamily, toFamily } from './refresh-families.repository';

/** Refresh families in the embedded SQLite file; a rotation is one conditional UPDATE plus the rotated-away hash, in one transaction. */
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
      find: db.prepare<[string], FamilyRow>(`SELECT ${FAMILY_COLUMNS} FROM refresh_families WHERE id = ?`),
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

  async create(family: { id: string; userId: string; hash: string; createdAt: number; expiresAt: number }): Promise<void> {
    this.statements.insert.run(family);
  }

  async find(id: string): Promise<RefreshFamily | null> {
    return toFamily(this.statements.find.get(id));
  }

  async rotate(id: string, expectedHash: string, nextHash: string, now: number): Promise<boolean> {
    const run = this.database.db.transaction(() => {
      if (this.statements.rotate.run({ id, expected: expectedHash, next: nextHash, now }).changes !== 1) return false;
      this.statements.remember.run({ id, hash: expectedHash, now });
      return true;
    });
    return run.immediate();
  }

  async wasRotated(id: string, hash: string): Promise<boolean> {
    return this.statements.wasRotated.get(id, hash) !== undefined;
  }

  async revoke(id: string, reason: string, now: number): Promise<void> {
    this.statements.revoke.run({ id, reason, now });
  }

  async revokeAllForUser(userId: string, reason: string, now: number): Promise<number> {
    return this.statements.revokeUser.run({ userId, reason, now }).changes;
  }

  async purge(before: number): Promise<number> {
    return this.statements.purge.run({ before }).changes;
  }
}
