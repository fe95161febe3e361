import { Migration } from '../migration';

/**
 * Users and refresh-token families. A refresh token is `<family id>.<secret>`; only the
 * SHA-256 of the whole token is stored (`current_hash`), and rotation replaces it with a
 * compare-and-set, so an older token of the family no longer matches (reuse → revoke).
 */
export const authMigrations: Migration[] = [
  {
    id: 'auth-001',
    sql: `
      CREATE TABLE users (
        id                  TEXT PRIMARY KEY,
        google_sub          TEXT UNIQUE,             -- NULL for dev-login users
        email               TEXT NOT NULL,           -- lower case
        name                TEXT NOT NULL,
        avatar              TEXT,
        role                TEXT NOT NULL DEFAULT 'player' CHECK (role IN ('player', 'admin')),
        banned_until        INTEGER,                 -- epoch ms; 253402300799999 = forever; NULL = not banned
        banned_by           TEXT,
        pixels_placed       INTEGER NOT NULL DEFAULT 0,
        session_seq         INTEGER NOT NULL DEFAULT 0,  -- last session number handed out
        sessions_valid_from INTEGER NOT NULL DEFAULT 0,  -- access tokens with a lower session number are dead
        created_at          INTEGER NOT NULL,
        last_seen_at        INTEGER NOT NULL
      );
      CREATE INDEX users_email ON users (email);
      CREATE UNIQUE INDEX users_dev_email ON users (email) WHERE google_sub IS NULL;
      CREATE INDEX users_banned ON users (banned_until) WHERE banned_until IS NOT NULL;

      CREATE TABLE refresh_families (
        id             TEXT PRIMARY KEY,
        user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        current_hash   TEXT NOT NULL,                -- hex SHA-256 of the one valid token
        generation     INTEGER NOT NULL DEFAULT 0,   -- rotations so far
        created_at     INTEGER NOT NULL,
        expires_at     INTEGER NOT NULL,             -- absolute: created_at + refresh TTL, never extended
        last_used_at   INTEGER NOT NULL,
        revoked_at     INTEGER,
        revoked_reason TEXT
      );
      CREATE INDEX refresh_families_user ON refresh_families (user_id);
      CREATE INDEX refresh_families_expiry ON refresh_families (expires_at);
    `,
  },
  {
    // Hashes of the tokens each family had before its rotations: only a token this server
    // issued and later rotated away counts as reuse (and revokes the family); a made-up
    // secret with a known family id is simply invalid. Rows go with their family.
    id: 'auth-002',
    sql: `
      CREATE TABLE refresh_rotated_hashes (
        family_id  TEXT NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
        hash       TEXT NOT NULL,                  -- hex SHA-256 of a token this family had
        rotated_at INTEGER NOT NULL,
        PRIMARY KEY (family_id, hash)
      ) WITHOUT ROWID;
    `,
  },
  {
    id: 'auth-003',
    // The interface language the player chose in the PWA ('en', 'ru', ...); NULL = never chosen.
    sql: `ALTER TABLE users ADD COLUMN locale TEXT;`,
  },
];
