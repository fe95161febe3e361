import { Migration } from '../../migration';

export const historyPostgresMigrations: Migration[] = [
  {
    id: 'history-001',
    // An identity column never hands out an id twice (even after retention deletes rows),
    // so a URL that was served with immutable cache headers never shows a different image.
    sql: `
      CREATE TABLE history_snapshots (
        id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        game      INTEGER NOT NULL,
        version   BIGINT NOT NULL,
        width     INTEGER NOT NULL,
        height    INTEGER NOT NULL,
        taken_at  BIGINT NOT NULL,
        reason    TEXT NOT NULL,             -- periodic | manual | clear | new-game
        image_key TEXT NOT NULL,
        bytes     BIGINT NOT NULL,
        UNIQUE (game, version)
      );
      CREATE INDEX history_snapshots_taken ON history_snapshots (taken_at);
    `,
  },
];
