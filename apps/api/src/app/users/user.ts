import type { Locale, PublicUser, Role } from '@pixel-wars/protocol';

/** Epoch ms stored in `banned_until` for a permanent ban (9999-12-31T23:59:59.999Z). */
export const BANNED_FOREVER = 253_402_300_799_999;

/** A persisted account (Google, Telegram, both linked, or dev login). */
export interface User {
  id: string;
  googleSub: string | null;
  /** The Telegram user id (decimal text) of a Mini App sign-in, or null. */
  telegramId: string | null;
  email: string;
  name: string;
  avatarUrl: string | null;
  role: Role;
  /** Epoch ms until which the user may not place; BANNED_FOREVER for a permanent ban; null when not banned. */
  bannedUntil: number | null;
  bannedBy: string | null;
  pixelsPlaced: number;
  /** Last session number handed out (every sign-in and refresh increments it). */
  sessionSeq: number;
  /** Access tokens carrying a lower session number are refused (set by "end sessions"). */
  sessionsValidFrom: number;
  createdAt: number;
  lastSeenAt: number;
  /** Interface language chosen in the PWA; null until the player picks one. */
  locale: Locale | null;
}

/** What a sign-in knows about the person; the store creates or updates the account from it. */
export interface UserProfile {
  email: string;
  name: string;
  avatarUrl: string | null;
  role: Role;
}

export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    avatarUrl: user.avatarUrl,
    locale: user.locale,
    linked: { google: user.googleSub !== null, telegram: user.telegramId !== null },
  };
}

/** The email of an account Telegram created (email is NOT NULL; Telegram gives none). */
export function telegramEmail(telegramId: string): string {
  return `telegram-${telegramId}@telegram.local`;
}

/** The email given to an account whose only identity moved to another account by linking. */
export function detachedEmail(userId: string): string {
  return `detached-${userId}@detached.local`;
}

/** A sign-in identity that can be linked to an account. */
export type IdentityKind = 'google' | 'telegram';

/**
 * The outcome of linking an identity to an account: `linked` (also when it already was;
 * `detachedFrom` names an account without pixels the identity was taken from), `taken`
 * (another account with pixels has it) or `occupied` (the account has another identity of this kind).
 */
export type LinkOutcome = { outcome: 'linked'; user: User; detachedFrom: string | null } | { outcome: 'taken' } | { outcome: 'occupied' };
