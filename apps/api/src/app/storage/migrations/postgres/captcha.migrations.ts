import { Migration } from '../../migration';

/** Same table as the SQLite `captcha-001`. */
export const captchaPostgresMigrations: Migration[] = [
  {
    id: 'captcha-001',
    sql: `
      CREATE TABLE captcha_used (
        id         TEXT PRIMARY KEY,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX captcha_used_expires ON captcha_used (expires_at);
    `,
  },
];
