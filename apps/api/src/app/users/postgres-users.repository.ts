import type { Locale } from '@pixel-wars/protocol';
import { randomUUID } from 'node:crypto';
import { PgStatement } from '../storage/postgres-statement';
import { PostgresDatabase } from '../storage/postgres-database';
import { IdentityKind, LinkOutcome, User, UserProfile } from './user';
import { IDENTITY_COLUMN, planLink, toUser, UserRow, UsersRepository } from './users.repository';

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
  upsertTelegram: new PgStatement<UserRow>(
    'users.upsert_telegram',
    `INSERT INTO users (id, telegram_id, email, name, avatar, role, created_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (telegram_id) DO UPDATE SET
       name = CASE WHEN users.email = EXCLUDED.email THEN EXCLUDED.name ELSE users.name END,
       avatar = CASE WHEN users.email = EXCLUDED.email THEN EXCLUDED.avatar ELSE users.avatar END,
       last_seen_at = GREATEST(users.last_seen_at, EXCLUDED.last_seen_at)
     RETURNING *`,
  ),
  byTelegramId: new PgStatement<UserRow>('users.by_telegram_id', 'SELECT * FROM users WHERE telegram_id = $1'),
  byGoogleSub: new PgStatement<UserRow>('users.by_google_sub', 'SELECT * FROM users WHERE google_sub = $1'),
  // both rows locked in id order: two links that touch the same accounts cannot deadlock
  lockForLink: {
    google_sub: new PgStatement<UserRow>('users.lock_link_google', 'SELECT * FROM users WHERE id = $1 OR google_sub = $2 ORDER BY id FOR UPDATE'),
    telegram_id: new PgStatement<UserRow>('users.lock_link_telegram', 'SELECT * FROM users WHERE id = $1 OR telegram_id = $2 ORDER BY id FOR UPDATE'),
  },
  detach: {
    google_sub: new PgStatement('users.detach_google', 'UPDATE users SET google_sub = NULL, email = COALESCE($2, email) WHERE id = $1'),
    telegram_id: new PgStatement('users.detach_telegram', 'UPDATE users SET telegram_id = NULL, email = COALESCE($2, email) WHERE id = $1'),
  },
  attachGoogle: new PgStatement<UserRow>(
    'users.attach_google',
    'UPDATE users SET google_sub = $2, email = $3, avatar = COALESCE($4, avatar), role = $5, last_seen_at = GREATEST(last_seen_at, $6) WHERE id = $1 RETURNING *',
  ),
  attachTelegram: new PgStatement<UserRow>(
    'users.attach_telegram',
    'UPDATE users SET telegram_id = $2, last_seen_at = GREATEST(last_seen_at, $3) WHERE id = $1 RETURNING *',
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
  floors: new PgStatement<{ id: string; sessions_valid_from: number }>(
    'users.floors',
    'SELECT id, sessions_valid_from FROM users WHERE sessions_valid_from > 0',
  ),
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

  async upsertTelegram(telegramId: string, profile: UserProfile, now: number): Promise<User> {
    const { rows } = await statements.upsertTelegram.run(this.pool, [
      randomUUID(),
      telegramId,
      profile.email,
      profile.name,
      profile.avatarUrl,
      profile.role,
      now,
    ]);
    return toUser(rows[0]) as User;
  }

  async findByTelegramId(telegramId: string): Promise<User | null> {
    return toUser((await statements.byTelegramId.run(this.pool, [telegramId])).rows[0]);
  }

  async findByGoogleSub(googleSub: string): Promise<User | null> {
    return toUser((await statements.byGoogleSub.run(this.pool, [googleSub])).rows[0]);
  }

  async linkIdentity(
    userId: string,
    kind: IdentityKind,
    key: string,
    google: Pick<UserProfile, 'email' | 'avatarUrl' | 'role'> | null,
    now: number,
  ): Promise<LinkOutcome> {
    const column = IDENTITY_COLUMN[kind];
    try {
      return await this.database.transaction(async (tx): Promise<LinkOutcome> => {
        const rows = (await statements.lockForLink[column].run(tx, [userId, key])).rows;
        const user = rows.find((r) => r.id === userId);
        if (!user) throw new RangeError(`no account ${userId}`);
        const plan = planLink(
          user,
          rows.find((r) => r.id !== userId && r[column] === key),
          kind,
          key,
        );
        if (plan.action === 'refuse') return { outcome: plan.outcome };
        if (plan.action === 'none') return { outcome: 'linked', user: toUser(user) as User, detachedFrom: null };
        if (plan.detach) await statements.detach[column].run(tx, [plan.detach.userId, plan.detach.email]);
        let linked: UserRow;
        if (kind === 'google') {
          if (!google) throw new Error('linking Google needs the Google profile');
          linked = (await statements.attachGoogle.run(tx, [userId, key, google.email, google.avatarUrl, google.role, now])).rows[0];
        } else {
          linked = (await statements.attachTelegram.run(tx, [userId, key, now])).rows[0];
        }
        return { outcome: 'linked', user: toUser(linked) as User, detachedFrom: plan.detach?.userId ?? null };
      });
    } catch (error) {
      // a parallel first sign-in or link took the identity between our read and write
      if ((error as { code?: string }).code === '23505') return { outcome: 'taken' };
      throw error;
    }
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
