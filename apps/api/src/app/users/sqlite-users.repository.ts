import type { Locale } from '@pixel-wars/protocol';
import { randomUUID } from 'node:crypto';
import { SqliteDatabase } from '../storage/sqlite-database';
import { IdentityKind, LinkOutcome, User, UserProfile } from './user';
import { IDENTITY_COLUMN, planLink, toUser, UserRow, UsersRepository } from './users.repository';

/** Accounts in the embedded SQLite file. Statements run synchronously; the upsert is one IMMEDIATE transaction. */
export class SqliteUsersRepository extends UsersRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    super();
    const db = database.db;
    this.statements = {
      byId: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      byEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ? ORDER BY last_seen_at DESC LIMIT 1'),
      byGoogleSub: db.prepare<[string], UserRow>('SELECT * FROM users WHERE google_sub = ?'),
      byTelegramId: db.prepare<[string], UserRow>('SELECT * FROM users WHERE telegram_id = ?'),
      insertTelegram: db.prepare(
        `INSERT INTO users (id, telegram_id, email, name, avatar, role, created_at, last_seen_at)
         VALUES (@id, @telegramId, @email, @name, @avatar, @role, @now, @now)`,
      ),
      updateTelegram: db.prepare(
        `UPDATE users SET name = CASE WHEN email = @email THEN @name ELSE name END,
                          avatar = CASE WHEN email = @email THEN @avatar ELSE avatar END,
                          last_seen_at = MAX(last_seen_at, @now)
         WHERE id = @id`,
      ),
      detachGoogle: db.prepare('UPDATE users SET google_sub = NULL, email = COALESCE(@email, email) WHERE id = @id'),
      detachTelegram: db.prepare('UPDATE users SET telegram_id = NULL, email = COALESCE(@email, email) WHERE id = @id'),
      attachGoogle: db.prepare(
        'UPDATE users SET google_sub = @key, email = @email, avatar = COALESCE(@avatar, avatar), role = @role, last_seen_at = MAX(last_seen_at, @now) WHERE id = @id',
      ),
      attachTelegram: db.prepare('UPDATE users SET telegram_id = @key, last_seen_at = MAX(last_seen_at, @now) WHERE id = @id'),
      byDevEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE google_sub IS NULL AND email = ?'),
      insert: db.prepare(
        `INSERT INTO users (id, google_sub, email, name, avatar, role, created_at, last_seen_at)
         VALUES (@id, @googleSub, @email, @name, @avatar, @role, @now, @now)`,
      ),
      updateProfile: db.prepare('UPDATE users SET email = @email, name = @name, avatar = @avatar, role = @role, last_seen_at = @now WHERE id = @id'),
      nextSession: db.prepare<{ id: string; now: number }, { session_seq: number }>(
        'UPDATE users SET session_seq = session_seq + 1, last_seen_at = @now WHERE id = @id RETURNING session_seq',
      ),
      setBan: db.prepare('UPDATE users SET banned_until = @until, banned_by = @by WHERE id = @id'),
      setLocale: db.prepare('UPDATE users SET locale = @locale WHERE id = @id'),
      invalidate: db.prepare<[string], { sessions_valid_from: number }>(
        'UPDATE users SET sessions_valid_from = session_seq + 1 WHERE id = ? RETURNING sessions_valid_from',
      ),
      addPixels: db.prepare('UPDATE users SET pixels_placed = pixels_placed + @pixels, last_seen_at = MAX(last_seen_at, @lastSeenAt) WHERE id = @id'),
      activeBans: db.prepare<[number], { id: string; banned_until: number }>('SELECT id, banned_until FROM users WHERE banned_until > ?'),
      floors: db.prepare<[], { id: string; sessions_valid_from: number }>('SELECT id, sessions_valid_from FROM users WHERE sessions_valid_from > 0'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
    };
  }

  async findById(id: string): Promise<User | null> {
    return toUser(this.statements.byId.get(id));
  }

  async findByEmail(email: string): Promise<User | null> {
    return toUser(this.statements.byEmail.get(email.toLowerCase()));
  }

  async upsertGoogle(googleSub: string, profile: UserProfile, now: number): Promise<User> {
    return this.upsert(() => this.statements.byGoogleSub.get(googleSub), googleSub, profile, now);
  }

  async upsertDev(profile: UserProfile, now: number): Promise<User> {
    return this.upsert(() => this.statements.byDevEmail.get(profile.email), null, profile, now);
  }

  async upsertTelegram(telegramId: string, profile: UserProfile, now: number): Promise<User> {
    const run = this.database.db.transaction(() => {
      const params = { email: profile.email, name: profile.name, avatar: profile.avatarUrl, role: profile.role, now };
      const existing = this.statements.byTelegramId.get(telegramId);
      if (existing) {
        this.statements.updateTelegram.run({ ...params, id: existing.id });
        return existing.id;
      }
      const id = randomUUID();
      this.statements.insertTelegram.run({ ...params, id, telegramId });
      return id;
    });
    return toUser(this.statements.byId.get(run.immediate())) as User;
  }

  async findByTelegramId(telegramId: string): Promise<User | null> {
    return toUser(this.statements.byTelegramId.get(telegramId));
  }

  async findByGoogleSub(googleSub: string): Promise<User | null> {
    return toUser(this.statements.byGoogleSub.get(googleSub));
  }

  async linkIdentity(
    userId: string,
    kind: IdentityKind,
    key: string,
    google: Pick<UserProfile, 'email' | 'avatarUrl' | 'role'> | null,
    now: number,
  ): Promise<LinkOutcome> {
    const column = IDENTITY_COLUMN[kind];
    const run = this.database.db.transaction((): LinkOutcome | null => {
      const user = this.statements.byId.get(userId);
      if (!user) return null;
      const holder = (column === 'google_sub' ? this.statements.byGoogleSub : this.statements.byTelegramId).get(key);
      const plan = planLink(user, holder, kind, key);
      if (plan.action === 'refuse') return { outcome: plan.outcome };
      if (plan.action === 'none') return { outcome: 'linked', user: toUser(user) as User, detachedFrom: null };
      if (plan.detach)
        (kind === 'google' ? this.statements.detachGoogle : this.statements.detachTelegram).run({ id: plan.detach.userId, email: plan.detach.email });
      if (kind === 'google') {
        if (!google) throw new Error('linking Google needs the Google profile');
        this.statements.attachGoogle.run({ id: userId, key, email: google.email, avatar: google.avatarUrl, role: google.role, now });
      } else {
        this.statements.attachTelegram.run({ id: userId, key, now });
      }
      return { outcome: 'linked', user: toUser(this.statements.byId.get(userId)) as User, detachedFrom: plan.detach?.userId ?? null };
    });
    const outcome = run.immediate();
    if (!outcome) throw new RangeError(`no account ${userId}`);
    return outcome;
  }

  private upsert(find: () => UserRow | undefined, googleSub: string | null, profile: UserProfile, now: number): User {
    const run = this.database.db.transaction(() => {
      const existing = find();
      const params = { email: profile.email, name: profile.name, avatar: profile.avatarUrl, role: profile.role, now };
      if (existing) {
        this.statements.updateProfile.run({ ...params, id: existing.id });
        return existing.id;
      }
      const id = randomUUID();
      this.statements.insert.run({ ...params, id, googleSub });
      return id;
    });
    const id = run.immediate();
    return toUser(this.statements.byId.get(id)) as User;
  }

  async nextSession(userId: string, now: number): Promise<number | null> {
    return this.statements.nextSession.get({ id: userId, now })?.session_seq ?? null;
  }

  async setLocale(userId: string, locale: Locale): Promise<boolean> {
    return this.statements.setLocale.run({ id: userId, locale }).changes === 1;
  }

  async setBan(userId: string, bannedUntil: number | null, by: string | null): Promise<boolean> {
    return this.statements.setBan.run({ id: userId, until: bannedUntil, by }).changes === 1;
  }

  async invalidateSessions(userId: string): Promise<number | null> {
    return this.statements.invalidate.get(userId)?.sessions_valid_from ?? null;
  }

  async addPixels(counts: ReadonlyMap<string, { pixels: number; lastSeenAt: number }>): Promise<void> {
    this.database.db.transaction(() => {
      for (const [id, c] of counts) this.statements.addPixels.run({ id, pixels: c.pixels, lastSeenAt: c.lastSeenAt });
    })();
  }

  async activeBans(now: number): Promise<Array<{ id: string; bannedUntil: number }>> {
    return this.statements.activeBans.all(now).map((r) => ({ id: r.id, bannedUntil: r.banned_until }));
  }

  async sessionFloors(): Promise<Array<{ id: string; sessionsValidFrom: number }>> {
    return this.statements.floors.all().map((r) => ({ id: r.id, sessionsValidFrom: r.sessions_valid_from }));
  }

  async count(): Promise<number> {
    return this.statements.count.get()?.n ?? 0;
  }
}
