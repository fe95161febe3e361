import type { Locale } from '@pixel-wars/protocol';
import { randomUUID } from 'node:crypto';
import { PgStatement } from '../storage/postgres-statement';
import { PostgresDatabase } from '../storage/postgres-database';
import { User, UserProfile } from './user';
import { toUser, UserRow, UsersRepository } from './users.repository';

const PROFILE_UPDATE = 'SET email = EXCLUDED.email, name = EXCLUDED.name, avatar = EXCLUDED.avatar, role = EXCLUDED.role, last_seen_at = EXCLUDED.last_seen_at';

const statements = {
  byId: new PgStatement<UserRow>('users.by_id', 'SELECT * FROM users WHERE id = $1'),
  byEmail: new PgStatement<UserRow>('users.by_email', 'SELECT * FROM users WHERE email = $1 ORDER BY last_seen_at DESC LIMIT 1'),
  // ON CONFLICT: parallel first sign-ins of one person meet on the unique index; one inserts, the others update
  upsertGoogle: new PgStatement<UserRow>(
    'users.upsert_google',
    `INSERT INTO users (id, google_sub, email, name, avatar, role, created_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (google_sub) DO UPDATE ${PROFILE_UPDATE}
     RETURNING *`,
  ),
  upsertDev: new PgStatement<UserRow>(
    'users.upsert_dev',
    `INSERT INTO users (id, google_sub, email, name, avatar, role, created_at, last_seen_at)
     VALUES ($1, NULL, $2, $3, $4, $5, $6, $6)
     ON CONFLICT (email) WHERE google_sub IS NULL DO UPDATE ${PROFILE_UPDATE}
     RETURNING *`,
  ),
  nextSession: new PgStatement<{ session_seq: number }>(
    'users.next_session',
    'UPDATE users SET session_seq = session_seq + 1, last_seen_at = $2 WHERE id = $1 RETURNING session_seq',
  ),
  setBan: new PgStatement('users.set_ban', 'UPDATE users SET banned_until = $2, banned_by = $3 WHERE id = $1'),
  setLocale: new PgStatement('users.set_locale', 'UPDATE users SET locale = $2 WHERE id = $1'),
  invalidate: new PgStatement<{ sessions_valid_from: number }>(
    'users.invalidate_sessions',
    'UPDATE users SET sessions_valid_from = session_seq + 1 WHERE id = $1 RETURNING sessions_valid_from',
  ),
  // rows locked in id order first: two instances flushing overlapping batches cannot deadlock
  lockForPixels: new PgStatement('users.lock_for_pixels', 'SELECT id FROM users WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE'),
  addPixels: new PgStatement(
    'users.add_pixels',
    `UPDATE users AS u SET pixels_placed = u.pixels_placed + b.pixels, last_seen_at = GREATEST(u.last_seen_at, b.last_seen_at)
     FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS b (id, pixels, last_seen_at)
     WHERE u.id = b.id`,
  ),
  activeBans: new PgStatement<{ id: string; banned_until: number }>('users.active_bans', 'SELECT id, banned_until FROM users WHERE banned_until > $1'),
  floors: new PgStatement<{ id: string; sessions_valid_from: number }>('users.floors', 'SELECT id, sessions_valid_from FROM users WHERE sessions_valid_from > 0'),
  count: new PgStatement<{ n: number }>('users.count', 'SELECT COUNT(*) AS n FROM users'),
};

/** Accounts in PostgreSQL; every write is one statement (or one short transaction for the pixel batch). */
export class PostgresUsersRepository extends UsersRepository {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  private get pool() {
    return this.database.pool;
  }

  async findById(id: string): Promise<User | null> {
    return toUser((await statements.byId.run(this.pool, [id])).rows[0]);
  }

  async findByEmail(email: string): Promise<User | null> {
    return toUser((await statements.byEmail.run(this.pool, [email.toLowerCase()])).rows[0]);
  }

  async upsertGoogle(googleSub: string, profile: UserProfile, now: number): Promise<User> {
    const { rows } = await statements.upsertGoogle.run(this.pool, [randomUUID(), googleSub, profile.email, profile.name, profile.avatarUrl, profile.role, now]);
    return toUser(rows[0]) as User;
  }

  async upsertDev(profile: UserProfile, now: number): Promise<User> {
    const { rows } = await statements.upsertDev.run(this.pool, [randomUUID(), profile.email, profile.name, profile.avatarUrl, profile.role, now]);
    return toUser(rows[0]) as User;
  }

  async nextSession(userId: string, now: number): Promise<number | null> {
    return (await statements.nextSession.run(this.pool, [userId, now])).rows[0]?.session_seq ?? null;
  }

  async setLocale(userId: string, locale: Locale): Promise<boolean> {
    return (await statements.setLocale.run(this.pool, [userId, locale])).rowCount === 1;
  }

  async setBan(userId: string, bannedUntil: number | null, by: string | null): Promise<boolean> {
    return (await statements.setBan.run(this.pool, [userId, bannedUntil, by])).rowCount === 1;
  }

  async invalidateSessions(userId: string): Promise<number | null> {
    return (await statements.invalidate.run(this.pool, [userId])).rows[0]?.sessions_valid_from ?? null;
  }

  async addPixels(counts: ReadonlyMap<string, { pixels: number; lastSeenAt: number }>): Promise<void> {
    if (counts.size === 0) return;
    const ids = [...counts.keys()].sort();
    const pixels = ids.map((id) => counts.get(id)!.pixels);
    const lastSeen = ids.map((id) => counts.get(id)!.lastSeenAt);
    await this.database.transaction(async (tx) => {
      await statements.lockForPixels.run(tx, [ids]);
      await statements.addPixels.run(tx, [ids, pixels, lastSeen]);
    });
  }

  async activeBans(now: number): Promise<Array<{ id: string; bannedUntil: number }>> {
    return (await statements.activeBans.run(this.pool, [now])).rows.map((r) => ({ id: r.id, bannedUntil: r.banned_until }));
  }

  async sessionFloors(): Promise<Array<{ id: string; sessionsValidFrom: number }>> {
    return (await statements.floors.run(this.pool)).rows.map((r) => ({ id: r.id, sessionsValidFrom: r.sessions_valid_from }));
  }

  async count(): Promise<number> {
    return (await statements.count.run(this.pool)).rows[0]?.n ?? 0;
  }
}
