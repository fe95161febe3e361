import { Migration } from '../../migration';

/**
 * Users and refresh-token families on PostgreSQL: the same tables as the SQLite
 * `auth-001`, epoch-ms columns as BIGINT. The unique constraints carry the upserts
 * (`INSERT … ON CONFLICT`): one account per Google subject, one dev account per email.
 */
export const authPostgresMigrations: Migration[] = [
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
        banned_until        BIGINT,                  -- epoch ms; 253402300799999 = forever; NULL = not banned
        banned_by           TEXT,
        pixels_placed       BIGINT NOT NULL DEFAULT 0,
        session_seq         BIGINT NOT NULL DEFAULT 0,  -- last session number handed out
        sessions_valid_from BIGINT NOT NULL DEFAULT 0,  -- access tokens with a lower session number are dead
        created_at          BIGINT NOT NULL,
        last_seen_at        BIGINT NOT NULL
      );
      CREATE INDEX users_email ON users (email);
      CREATE UNIQUE INDEX users_dev_email ON users (email) WHERE google_sub IS NULL;
      CREATE INDEX users_banned ON users (banned_until) WHERE banned_until IS NOT NULL;

      CREATE TABLE refresh_families (
        id             TEXT PRIMARY KEY,
        user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        current_hash   TEXT NOT NULL,                -- hex SHA-256 of the one valid token
        generation     INTEGER NOT NULL DEFAULT 0,   -- rotations so far
        created_at     BIGINT NOT NULL,
        expires_at     BIGINT NOT NULL,              -- absolute: created_at + refresh TTL, never extended
        last_used_at   BIGINT NOT NULL,
        revoked_at     BIGINT,
        revoked_reason TEXT
      );
      CREATE INDEX refresh_families_user ON refresh_families (user_id);
      CREATE INDEX refresh_families_expiry ON refresh_families (expires_at);
    `,
  },
  {
    // Hashes of the tokens each family had before its rotations: only a token this server
    // issued and later rotated away counts as reuse (and revokes the family).
    id: 'auth-002',
    sql: `
      CREATE TABLE refresh_rotated_hashes (
        family_id  TEXT NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
        hash       TEXT NOT NULL,                  -- hex SHA-256 of a token this family had
        rotated_at BIGINT NOT NULL,
        PRIMARY KEY (family_id, hash)
      );
    `,
  },
  {
    id: 'auth-003',
    // The interface language the player chose in the PWA ('en', 'ru', ...); NULL = never chosen.
    sql: `ALTER TABLE users ADD COLUMN locale TEXT;`,
  },
];
