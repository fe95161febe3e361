import { Migration } from '../migration';

/** Shared templates (docs/protocol.md 9) and who follows them (distinct signed-in viewers). */
export const templatesMigrations: Migration[] = [
  {
    id: 'templates-001',
    sql: `
      CREATE TABLE templates (
        id         TEXT PRIMARY KEY,
        game       INTEGER NOT NULL,         -- templates belong to one game
        owner_id   TEXT NOT NULL,
        name       TEXT NOT NULL,
        x          INTEGER NOT NULL,
        y          INTEGER NOT NULL,
        width      INTEGER NOT NULL,
        height     INTEGER NOT NULL,
        pixels     BLOB NOT NULL,            -- width*height palette indices, 255 = transparent
        created_at INTEGER NOT NULL
      );
      CREATE INDEX templates_owner ON templates (owner_id, game, created_at);
      CREATE INDEX templates_game ON templates (game);
      CREATE TABLE template_followers (
        template_id TEXT NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
        user_id     TEXT NOT NULL,
        followed_at INTEGER NOT NULL,
        PRIMARY KEY (template_id, user_id)
      );
    `,
  },
];
