import { PgStatement } from '../storage/postgres-statement';
import { PostgresDatabase } from '../storage/postgres-database';
import { FAMILY_COLUMNS, FamilyRow, RefreshFamiliesRepository, RefreshFamily, toFamily } from './refresh-families.repository';

const statements = {
  insert: new PgStatement(
    'refresh_families.insert',
    `INSERT INTO refresh_families (id, user_id, current_hash, created_at, expires_at, last_used_at)
     VALUES ($1, $2, $3, $4, $5, $4)`,
  ),
  find: new PgStatement<FamilyRow>('refresh_families.find', `SELECT ${FAMILY_COLUMNS} FROM refresh_families WHERE id = $1`),
  // READ COMMITTED re-checks the WHERE clause on the row a concurrent winner just updated,
  // so a rotation that waited for another one with the same expected hash matches nothing.
  // The rotated-away hash is remembered in the same statement (so: the same transaction).
  rotate: new PgStatement<{ id: string }>(
    'refresh_families.rotate',
    `WITH rotated AS (
       UPDATE refresh_families SET current_hash = $3, generation = generation + 1, last_used_at = $4
       WHERE id = $1 AND current_hash = $2 AND revoked_at IS NULL AND expires_at > $4
       RETURNING id
     ), remembered AS (
       INSERT INTO refresh_rotated_hashes (family_id, hash, rotated_at) SELECT id, $2, $4 FROM rotated ON CONFLICT DO NOTHING
     )
     SELECT id FROM rotated`,
  ),
  wasRotated: new PgStatement<{ one: number }>('refresh_rotated_hashes.find', 'SELECT 1 AS one FROM refresh_rotated_hashes WHERE family_id = $1 AND hash = $2'),
  revoke: new PgStatement('refresh_families.revoke', 'UPDATE refresh_families SET revoked_at = $3, revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL'),
  revokeUser: new PgStatement(
    'refresh_families.revoke_user',
    'UPDATE refresh_families SET revoked_at = $3, revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL',
  ),
  purge: new PgStatement('refresh_families.purge', 'DELETE FROM refresh_families WHERE expires_at < $1 OR revoked_at < $1'),
};

/** Refresh families in PostgreSQL. */
export class PostgresRefreshFamiliesRepository extends RefreshFamiliesRepository {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  async create(family: { id: string; userId: string; hash: string; createdAt: number; expiresAt: number }): Promise<void> {
    await statements.insert.run(this.database.pool, [family.id, family.userId, family.hash, family.createdAt, family.expiresAt]);
  }

  async find(id: string): Promise<RefreshFamily | null> {
    return toFamily((await statements.find.run(this.database.pool, [id])).rows[0]);
  }

  async rotate(id: string, expectedHash: string, nextHash: string, now: number): Promise<boolean> {
    return (await statements.rotate.run(this.database.pool, [id, expectedHash, nextHash, now])).rows.length === 1;
  }

  async wasRotated(id: string, hash: string): Promise<boolean> {
    return (await statements.wasRotated.run(this.database.pool, [id, hash])).rows.length === 1;
  }

  async revoke(id: string, reason: string, now: number): Promise<void> {
    await statements.revoke.run(this.database.pool, [id, reason, now]);
  }

  async revokeAllForUser(userId: string, reason: string, now: number): Promise<number> {
    return (await statements.revokeUser.run(this.database.pool, [userId, reason, now])).rowCount ?? 0;
  }

  async purge(before: number): Promise<number> {
    return (await statements.purge.run(this.database.pool, [before])).rowCount ?? 0;
  }
}
