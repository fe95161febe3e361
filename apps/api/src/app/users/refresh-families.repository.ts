export interface RefreshFamily {
  id: string;
  userId: string;
  currentHash: string;
  generation: number;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/**
 * Refresh-token families (one per sign-in): `SqliteRefreshFamiliesRepository` or
 * `PostgresRefreshFamiliesRepository`, bound in AuthModule.
 */
export abstract class RefreshFamiliesRepository {
  abstract create(family: { id: string; userId: string; hash: string; createdAt: number; expiresAt: number }): Promise<void>;
  abstract find(id: string): Promise<RefreshFamily | null>;
  /**
   * Atomic compare-and-set: replaces the current hash only when it still equals
   * `expectedHash` and the family is live, and remembers `expectedHash` as rotated away
   * (same transaction). True when this call won; of parallel rotations with one
   * expected hash exactly one wins, on any number of instances.
   */
  abstract rotate(id: string, expectedHash: string, nextHash: string, now: number): Promise<boolean>;
  /** True when `hash` was a token of this family that a rotation replaced. */
  abstract wasRotated(id: string, hash: string): Promise<boolean>;
  abstract revoke(id: string, reason: string, now: number): Promise<void>;
  /** Revokes every live family of the user; returns how many. */
  abstract revokeAllForUser(userId: string, reason: string, now: number): Promise<number>;
  /** Deletes families that ended (expired or revoked) before `before`; returns how many. */
  abstract purge(before: number): Promise<number>;
}

/** A `refresh_families` row as both engines read it. */
export interface FamilyRow {
  id: string;
  user_id: string;
  current_hash: string;
  generation: number;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export const FAMILY_COLUMNS = 'id, user_id, current_hash, generation, created_at, expires_at, revoked_at';

export function toFamily(row: FamilyRow | undefined): RefreshFamily | null {
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
