import { Injectable } from '@nestjs/common';
import { SqliteDatabase } from '../../storage/sqlite-database';

export type HistoryReason = 'periodic' | 'manual' | 'clear' | 'new-game';

export interface HistoryRecord {
  id: number;
  game: number;
  version: number;
  width: number;
  height: number;
  takenAt: number;
  reason: HistoryReason;
  imageKey: string;
  bytes: number;
}

interface Row {
  id: number;
  game: number;
  version: number;
  width: number;
  height: number;
  taken_at: number;
  reason: HistoryReason;
  image_key: string;
  bytes: number;
}

const toRecord = (r: Row): HistoryRecord => ({
  id: r.id,
  game: r.game,
  version: r.version,
  width: r.width,
  height: r.height,
  takenAt: r.taken_at,
  reason: r.reason,
  imageKey: r.image_key,
  bytes: r.bytes,
});

const COLUMNS = 'id, game, version, width, height, taken_at, reason, image_key, bytes';

/** History metadata (table `history_snapshots`, migration history-001). */
@Injectable()
export class HistoryRepository {
  constructor(private readonly database: SqliteDatabase) {}

  private get db() {
    return this.database.db;
  }

  insert(record: Omit<HistoryRecord, 'id'>): HistoryRecord {
    const id = this.db
      .prepare('INSERT INTO history_snapshots (game, version, width, height, taken_at, reason, image_key, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(record.game, record.version, record.width, record.height, record.takenAt, record.reason, record.imageKey, record.bytes).lastInsertRowid;
    return { id: Number(id), ...record };
  }

  byId(id: number): HistoryRecord | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM history_snapshots WHERE id = ?`).get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  byVersion(game: number, version: number): HistoryRecord | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM history_snapshots WHERE game = ? AND version = ?`).get(game, version) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  latest(): HistoryRecord | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM history_snapshots ORDER BY id DESC LIMIT 1`).get() as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** Newest first; `beforeId` pages backwards. */
  list(options: { limit?: number; beforeId?: number } = {}): HistoryRecord[] {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM history_snapshots WHERE id < ? ORDER BY id DESC LIMIT ?`)
      .all(options.beforeId ?? Number.MAX_SAFE_INTEGER, options.limit ?? -1) as Row[];
    return rows.map(toRecord);
  }

  delete(ids: readonly number[]): void {
    const remove = this.db.prepare('DELETE FROM history_snapshots WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) remove.run(id);
    })();
  }
}
