import type { Locale, PublicUser, Role } from '@pixel-wars/protocol';

/** Epoch ms stored in `banned_until` for a permanent ban (9999-12-31T23:59:59.999Z). */
export const BANNED_FOREVER = 253_402_300_799_999;

/** A persisted account (Google or dev login). */
export interface User {
  id: string;
  googleSub: string | null;
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
  return { id: user.id, name: user.name, email: user.email, role: user.role, avatarUrl: user.avatarUrl, locale: user.locale };
}
