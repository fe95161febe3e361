import { Migration } from '../../migration';

/**
 * The placement log on PostgreSQL. `canvas_head` is the single row every commit locks:
 * versions (and the game they belong to) are assigned inside the committing transaction,
 * so they are global and dense across every instance.
 */
export const canvasPostgresMigrations: Migration[] = [
  {
    id: 'canvas-001',
    sql: `
      CREATE TABLE canvas_changes (
        version   BIGINT PRIMARY KEY,
        game      INTEGER NOT NULL,
        x         INTEGER NOT NULL,          -- 65535 = reset of the whole canvas
        y         INTEGER NOT NULL,
        color     SMALLINT NOT NULL,
        user_id   TEXT,
        user_name TEXT,                      -- display name at placement time
        placed_at BIGINT NOT NULL
      );
      CREATE INDEX canvas_changes_pixel ON canvas_changes (y, x, version);
      CREATE INDEX canvas_changes_user ON canvas_changes (user_id, version);
      CREATE INDEX canvas_changes_placed_at ON canvas_changes (placed_at);
      CREATE TABLE canvas_checkpoints (
        version    BIGINT PRIMARY KEY,
        game       INTEGER NOT NULL,
        width      INTEGER NOT NULL,
        height     INTEGER NOT NULL,
        pixels     BYTEA NOT NULL,           -- zlib (RFC 1950) of width*height palette indices
        created_at BIGINT NOT NULL
      );
      CREATE TABLE canvas_games (
        game          INTEGER PRIMARY KEY,
        width         INTEGER NOT NULL,
        height        INTEGER NOT NULL,
        background    SMALLINT NOT NULL,
        first_version BIGINT NOT NULL,       -- the reset record that opened the game (0 for the first)
        started_at    BIGINT NOT NULL
      );
      CREATE TABLE canvas_head (
        id      SMALLINT PRIMARY KEY CHECK (id = 1),
        game    INTEGER NOT NULL,
        version BIGINT NOT NULL
      );
    `,
  },
  {
    id: 'canvas-002',
    sql: `CREATE TABLE canvas_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  {
    id: 'canvas-003',
    // Undo (docs/protocol.md 9): an undo change names the version it undoes; the partial index
    // finds undone placements without costing ordinary inserts.
    sql: `
      ALTER TABLE canvas_changes ADD COLUMN undoes BIGINT;
      CREATE INDEX canvas_changes_undoes ON canvas_changes (undoes) WHERE undoes IS NOT NULL;
    `,
  },
];
