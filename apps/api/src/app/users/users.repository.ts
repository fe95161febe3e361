import { isLocale, type Locale, type Role } from '@pixel-wars/protocol';
import { detachedEmail, IdentityKind, LinkOutcome, telegramEmail, User, UserProfile } from './user';

/**
 * Account storage, asynchronous so either engine fits: `SqliteUsersRepository` (the
 * embedded default) or `PostgresUsersRepository` (DATABASE_URL), bound in AuthModule.
 */
export abstract class UsersRepository {
  abstract findById(id: string): Promise<User | null>;
  /** Most recently seen account with this (lower-case) email. */
  abstract findByEmail(email: string): Promise<User | null>;
  /** Creates or updates the account with this Google subject; returns it. Parallel calls for one new subject create one account. */
  abstract upsertGoogle(googleSub: string, profile: UserProfile, now: number): Promise<User>;
  /** Creates or updates the dev-login account with this synthetic email; returns it. Parallel calls create one account. */
  abstract upsertDev(profile: UserProfile, now: number): Promise<User>;
  /**
   * Creates or updates the account with this Telegram user id; returns it. An existing
   * account takes the new name and avatar only while Telegram is its only identity (its
   * email is still `profile.email`, the synthetic Telegram one). Parallel calls create one account.
   */
  abstract upsertTelegram(telegramId: string, profile: UserProfile, now: number): Promise<User>;
  abstract findByTelegramId(telegramId: string): Promise<User | null>;
  abstract findByGoogleSub(googleSub: string): Promise<User | null>;
  /**
   * Links a Google subject (with its email, avatar and role) or a Telegram id to the
   * account, in one transaction: an account without pixels that holds the identity loses
   * it (and, when that identity gave it its email, gets a detached one).
   */
  abstract linkIdentity(
    userId: string,
    kind: IdentityKind,
    key: string,
    google: Pick<UserProfile, 'email' | 'avatarUrl' | 'role'> | null,
    now: number,
  ): Promise<LinkOutcome>;
  /** Increments and returns the user's session number (null when the user does not exist). */
  abstract nextSession(userId: string, now: number): Promise<number | null>;
  /** Sets or lifts (null) the ban; false when the user does not exist. */
  abstract setBan(userId: string, bannedUntil: number | null, by: string | null): Promise<boolean>;
  /** Stores the interface language; false when the user does not exist. */
  abstract setLocale(userId: string, locale: Locale): Promise<boolean>;
  /** Makes every access token with a session number ≤ the current one invalid; returns the new floor. */
  abstract invalidateSessions(userId: string): Promise<number | null>;
  /** Adds placed pixels and moves `last_seen_at` forward, for many users in one write. */
  abstract addPixels(counts: ReadonlyMap<string, { pixels: number; lastSeenAt: number }>): Promise<void>;
  abstract activeBans(now: number): Promise<Array<{ id: string; bannedUntil: number }>>;
  abstract sessionFloors(): Promise<Array<{ id: string; sessionsValidFrom: number }>>;
  abstract count(): Promise<number>;
}

/** A `users` row; the same column names on both engines. */
export interface UserRow {
  id: string;
  google_sub: string | null;
  telegram_id: string | null;
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

export function toUser(row: UserRow | undefined): User | null {
  if (!row) return null;
  return {
    id: row.id,
    googleSub: row.google_sub,
    telegramId: row.telegram_id ?? null,
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

/** What linking must do, decided from the account and the current holder of the identity. */
export type LinkPlan =
  { action: 'none' } | { action: 'refuse'; outcome: 'taken' | 'occupied' } | { action: 'link'; detach: { userId: string; email: string | null } | null };

export function planLink(user: UserRow, holder: UserRow | undefined, kind: IdentityKind, key: string): LinkPlan {
  const own = kind === 'google' ? user.google_sub : user.telegram_id;
  if (own === key) return { action: 'none' };
  if (own !== null) return { action: 'refuse', outcome: 'occupied' };
  if (!holder) return { action: 'link', detach: null };
  if (Number(holder.pixels_placed) > 0) return { action: 'refuse', outcome: 'taken' };
  // the identity gave the holder its email: Google's address, or the synthetic Telegram one
  const emailFromIdentity = kind === 'google' || holder.email === telegramEmail(key);
  return { action: 'link', detach: { userId: holder.id, email: emailFromIdentity ? detachedEmail(holder.id) : null } };
}

export const IDENTITY_COLUMN: Record<IdentityKind, 'google_sub' | 'telegram_id'> = { google: 'google_sub', telegram: 'telegram_id' };
