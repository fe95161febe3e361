import { Migration } from '../migration';

export const historyMigrations: Migration[] = [
  {
    id: 'history-001',
    // AUTOINCREMENT: an id is never reused after retention deletes a row, so a URL that
    // was served with immutable cache headers never shows a different image.
    sql: `
      CREATE TABLE history_snapshots (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        game      INTEGER NOT NULL,
        version   INTEGER NOT NULL,
        width     INTEGER NOT NULL,
        height    INTEGER NOT NULL,
        taken_at  INTEGER NOT NULL,
        reason    TEXT NOT NULL,             -- periodic | manual | clear | new-game
        image_key TEXT NOT NULL,
        bytes     INTEGER NOT NULL,
        UNIQUE (game, version)
      );
      CREATE INDEX history_snapshots_taken ON history_snapshots (taken_at);
    `,
  },
];
