import { Migration } from '../../migration';

/** History PNGs live in the database on PostgreSQL (files under DATA_DIR/history with SQLite). */
export const historyImagesPostgresMigrations: Migration[] = [
  {
    id: 'history-images-001',
    sql: `CREATE TABLE history_images (key TEXT PRIMARY KEY, png BYTEA NOT NULL);`,
  },
];
