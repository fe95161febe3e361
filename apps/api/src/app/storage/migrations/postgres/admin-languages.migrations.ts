import { Migration } from '../../migration';

/** PostgreSQL twin of the SQLite step of the same id: each Telegram admin's last language. */
export const adminLanguagesPostgresMigrations: Migration[] = [
  {
    id: 'admin-languages-001',
    sql: `
      CREATE TABLE admin_languages (
        telegram_id TEXT PRIMARY KEY,
        locale      TEXT NOT NULL,
        updated_at  BIGINT NOT NULL
      );
    `,
  },
];
