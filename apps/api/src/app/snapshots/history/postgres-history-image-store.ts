import { Readable } from 'node:stream';
import { PostgresDatabase } from '../../storage/postgres-database';
import { HistoryImageStore, StoredImage } from './history-image-store';

/**
 * History images in PostgreSQL, so that every instance serves every image and `pg_dump`
 * backs them up with the rest (an image is a palette PNG: tens to hundreds of KB).
 */
export class PostgresHistoryImageStore extends HistoryImageStore {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  async put(key: string, data: Buffer): Promise<void> {
    await this.database.query('INSERT INTO history_images (key, png) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET png = excluded.png', [key, data]);
  }

  async open(key: string): Promise<StoredImage | null> {
    const row = (await this.database.query<{ png: Buffer }>('SELECT png FROM history_images WHERE key = $1', [key])).rows[0];
    return row ? { bytes: row.png.length, stream: Readable.from([row.png]) } : null;
  }

  async remove(key: string): Promise<void> {
    await this.database.query('DELETE FROM history_images WHERE key = $1', [key]);
  }
}
