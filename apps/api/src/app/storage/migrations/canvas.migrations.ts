import { Migration } from '../migration';

export const canvasMigrations: Migration[] = [
  {
    id: 'canvas-001',
    sql: `
      CREATE TABLE canvas_changes (
        version   INTEGER PRIMARY KEY,
        game      INTEGER NOT NULL,
        x         INTEGER NOT NULL,          -- 65535 = reset of the whole canvas
        y         INTEGER NOT NULL,
        color     INTEGER NOT NULL,
        user_id   TEXT,
        user_name TEXT,                      -- display name at placement time
        placed_at INTEGER NOT NULL
      );
      CREATE INDEX canvas_changes_pixel ON canvas_changes (y, x, version);
      CREATE INDEX canvas_changes_user ON canvas_changes (user_id, version);
      CREATE TABLE canvas_checkpoints (
        version    INTEGER PRIMARY KEY,
        game       INTEGER NOT NULL,
        width      INTEGER NOT NULL,
        height     INTEGER NOT NULL,
        pixels     BLOB NOT NULL,            -- zlib (RFC 1950) of width*height palette indices
        created_at INTEGER NOT NULL
      );
      CREATE TABLE canvas_games (
        game       INTEGER PRIMARY KEY,
        width      INTEGER NOT NULL,
        height     INTEGER NOT NULL,
        background INTEGER NOT NULL,
        first_version INTEGER NOT NULL,      -- the reset record that opened the game (0 for the first)
        started_at INTEGER NOT NULL
      );
    `,
  },
  {
    id: 'canvas-002',
    // Settings that must survive a restart and be the same on every instance (pause).
    sql: `CREATE TABLE canvas_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  {
    id: 'canvas-003',
    // Undo (docs/protocol.md 9): an undo change names the version it undoes; the partial index
    // finds undone placements (leaderboard) without costing ordinary inserts. Time windows
    // need no placed_at index here: versions are binary-searched by placed_at.
    sql: `
      ALTER TABLE canvas_changes ADD COLUMN undoes INTEGER;
      CREATE INDEX canvas_changes_undoes ON canvas_changes (undoes) WHERE undoes IS NOT NULL;
    `,
  },
];
