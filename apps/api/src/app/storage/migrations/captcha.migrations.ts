import { Migration } from '../migration';

/** Proof-of-work challenges already used (replay protection), kept until they expire. */
export const captchaMigrations: Migration[] = [
  {
    id: 'captcha-001',
    sql: `
      CREATE TABLE captcha_used (
        id         TEXT PRIMARY KEY,   -- the challenge's HMAC signature
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX captcha_used_expires ON captcha_used (expires_at);
    `,
  },
];
