import { Migration } from '../../migration';

/**
 * Feedback, its per-chat deliveries, the ip-hash salt and the admin audit log on
 * PostgreSQL (same tables as the SQLite `feedback-001`). Identity columns never hand out
 * an id twice, like SQLite's AUTOINCREMENT. Telegram chat ids exceed 32 bits: BIGINT.
 */
export const feedbackPostgresMigrations: Migration[] = [
  {
    id: 'feedback-001',
    sql: `
      CREATE TABLE feedback (
        id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message            TEXT NOT NULL,
        contact            TEXT,
        user_id            TEXT,               -- set when the sender was signed in
        ip_hash            TEXT NOT NULL,      -- hex SHA-256 of (salt || client IP)
        user_agent         TEXT,
        created_at         BIGINT NOT NULL,
        forwarded_at       BIGINT,             -- NULL until every admin chat has it
        forward_attempts   INTEGER NOT NULL DEFAULT 0,
        next_forward_at    BIGINT NOT NULL,    -- earliest time of the next forwarding attempt
        last_forward_error TEXT
      );
      CREATE INDEX feedback_pending ON feedback (next_forward_at, id) WHERE forwarded_at IS NULL;
      CREATE INDEX feedback_ip_hash ON feedback (ip_hash, created_at);

      -- one row per (feedback, admin chat) that received it, so a retry never sends twice
      CREATE TABLE feedback_deliveries (
        feedback_id  BIGINT NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
        chat_id      BIGINT NOT NULL,
        message_id   BIGINT,
        delivered_at BIGINT NOT NULL,
        PRIMARY KEY (feedback_id, chat_id)
      );

      -- the random salt of ip_hash, created once per database
      CREATE TABLE feedback_secrets (
        name  TEXT PRIMARY KEY,
        value BYTEA NOT NULL
      );

      CREATE TABLE admin_audit_log (
        id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at         BIGINT NOT NULL,
        channel    TEXT NOT NULL,              -- 'telegram'
        actor_id   TEXT NOT NULL,              -- Telegram user id
        actor_name TEXT,
        action     TEXT NOT NULL,              -- command name, e.g. 'clear'
        args       TEXT,
        result     TEXT NOT NULL CHECK (result IN ('ok', 'denied', 'rejected', 'failed', 'cancelled', 'requested')),
        detail     TEXT
      );
      CREATE INDEX admin_audit_log_at ON admin_audit_log (at);
    `,
  },
];
