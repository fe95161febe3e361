import { Migration } from '../migration';

/** The language each Telegram admin last wrote to the bot in, for what the bot sends unasked (feedback forwards). */
export const adminLanguagesMigrations: Migration[] = [
  {
    id: 'admin-languages-001',
    sql: `
      CREATE TABLE admin_languages (
        telegram_id TEXT PRIMARY KEY,
        locale      TEXT NOT NULL,
        updated_at  INTEGER NOT NULL
      );
    `,
  },
];
