import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isLocale, type Locale, type Role } from '@pixel-wars/protocol';
import { SqliteDatabase } from '../storage/sqlite-database';
import { User, UserProfile } from './user';

/**
 * Account storage. Abstract so another engine (PostgreSQL) can be bound in its place;
 * the SQLite implementation below is the embedded default.
 */
export abstract class UsersRepository {
  abstract findById(id: string): User | null;
  /** Most recently seen account with this (lower-case) email. */
  abstract findByEmail(email: string): User | null;
  /** Creates or updates the account with this Google subject; returns it. */
  abstract upsertGoogle(googleSub: string, profile: UserProfile, now: number): User;
  /** Creates or updates the dev-login account with this synthetic email; returns it. */
  abstract upsertDev(profile: UserProfile, now: number): User;
  /** Increments and returns the user's session number (null when the user does not exist). */
  abstract nextSession(userId: string, now: number): number | null;
  abstract setBan(userId: string, bannedUntil: number | null, by: string | null): boolean;
  /** Stores the interface language; false when the user does not exist. */
  abstract setLocale(userId: string, locale: Locale): boolean;
  /** Makes every access token with a session number ≤ the current one invalid; returns the new floor. */
  abstract invalidateSessions(userId: string): number | null;
  abstract addPixels(counts: ReadonlyMap<string, { pixels: number; lastSeenAt: number }>): void;
  abstract activeBans(now: number): Array<{ id: string; bannedUntil: number }>;
  abstract sessionFloors(): Array<{ id: string; sessionsValidFrom: number }>;
  abstract count(): number;
}

interface UserRow {
  id: string;
  google_sub: string | null;
  email: string;
  name: string;
  avatar: string | null;
  role: Role;
  banned_until: number | null;
  banned_by: string | null;
  pixels_placed: number;
  session_seq: number;
  sessions_valid_from: number;
  created_at: number;
  last_seen_at: number;
  locale: string | null;
}

function toUser(row: UserRow | undefined): User | null {
  if (!row) return null;
  return {
    id: row.id,
    googleSub: row.google_sub,
    email: row.email,
    name: row.name,
    avatarUrl: row.avatar,
    role: row.role,
    bannedUntil: row.banned_until,
    bannedBy: row.banned_by,
    pixelsPlaced: row.pixels_placed,
    sessionSeq: row.session_seq,
    sessionsValidFrom: row.sessions_valid_from,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    // A language that was removed from the PWA since reads as "never chosen".
    locale: isLocale(row.locale) ? row.locale : null,
  };
}

@Injectable()
export class SqliteUsersRepository extends UsersRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    super();
    const db = database.db;
    this.statements = {
      byId: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      byEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ? ORDER BY last_seen_at DESC LIMIT 1'),
      byGoogleSub: db.prepare<[string], UserRow>('SELECT * FROM users WHERE google_sub = ?'),
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

  findById(id: string): User | null {
    return toUser(this.statements.byId.get(id));
  }

  findByEmail(email: string): User | null {
    return toUser(this.statements.byEmail.get(email.toLowerCase()));
  }

  upsertGoogle(googleSub: string, profile: UserProfile, now: number): User {
    return this.upsert(() => this.statements.byGoogleSub.get(googleSub), googleSub, profile, now);
  }

  upsertDev(profile: UserProfile, now: number): User {
    return this.upsert(() => this.statements.byDevEmail.get(profile.email), null, profile, now);
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
    return this.findById(id) as User;
  }

  nextSession(userId: string, now: number): number | null {
    return this.statements.nextSession.get({ id: userId, now })?.session_seq ?? null;
  }

  setBan(userId: string, bannedUntil: number | null, by: string | null): boolean {
    return this.statements.setBan.run({ id: userId, until: bannedUntil, by }).changes === 1;
  }

  setLocale(userId: string, locale: Locale): boolean {
    return this.statements.setLocale.run({ id: userId, locale }).changes === 1;
  }

  invalidateSessions(userId: string): number | null {
    return this.statements.invalidate.get(userId)?.sessions_valid_from ?? null;
  }

  addPixels(counts: ReadonlyMap<string, { pixels: number; lastSeenAt: number }>): void {
    this.database.db.transaction(() => {
      for (const [id, c] of counts) this.statements.addPixels.run({ id, pixels: c.pixels, lastSeenAt: c.lastSeenAt });
    })();
  }

  activeBans(now: number): Array<{ id: string; bannedUntil: number }> {
    return this.statements.activeBans.all(now).map((r) => ({ id: r.id, bannedUntil: r.banned_until }));
  }

  sessionFloors(): Array<{ id: string; sessionsValidFrom: number }> {
    return this.statements.floors.all().map((r) => ({ id: r.id, sessionsValidFrom: r.sessions_valid_from }));
  }

  count(): number {
    return this.statements.count.get()?.n ?? 0;
  }
}
