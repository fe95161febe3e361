import { Migration } from '../../migration';

/**
 * PostgreSQL twin of the SQLite step of the same id. The Telegram identity of an account (Mini App sign-in, docs/protocol.md 10): the Telegram
 * user id as text, at most one account per id. Telegram-only accounts carry a synthetic
 * email (`telegram-<id>@telegram.local`) so `email` stays NOT NULL.
 */
export const telegramIdentityPostgresMigrations: Migration[] = [
  {
    id: 'users-telegram-001',
    sql: `
      ALTER TABLE users ADD COLUMN telegram_id TEXT;
      CREATE UNIQUE INDEX users_telegram_id ON users (telegram_id);
    `,
  },
];
