import { SqliteDatabase } from '../../storage/sqlite-database';
import { HISTORY_COLUMNS, HistoryRecord, HistoryRepository, HistoryRow, toHistoryRecord } from './history.repository';

/** History metadata in the embedded SQLite file (AUTOINCREMENT ids). */
export class SqliteHistoryRepository extends HistoryRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    super();
    const db = database.db;
    this.statements = {
      insert: db.prepare(
        `INSERT INTO history_snapshots (game, version, width, height, taken_at, reason, image_key, bytes)
         VALUES (@game, @version, @width, @height, @takenAt, @reason, @imageKey, @bytes)
         ON CONFLICT (game, version) DO NOTHING`,
      ),
      byId: db.prepare<[number], HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM history_snapshots WHERE id = ?`),
      byVersion: db.prepare<[number, number], HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM history_snapshots WHERE game = ? AND version = ?`),
      latest: db.prepare<[], HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM history_snapshots ORDER BY id DESC LIMIT 1`),
      list: db.prepare<[number, number], HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM history_snapshots WHERE id < ? ORDER BY id DESC LIMIT ?`),
      remove: db.prepare<[number]>('DELETE FROM history_snapshots WHERE id = ?'),
    };
  }

  async insert(record: Omit<HistoryRecord, 'id'>): Promise<HistoryRecord> {
    const { changes, lastInsertRowid } = this.statements.insert.run(record);
    if (changes === 1) return { id: Number(lastInsertRowid), ...record };
    return toHistoryRecord(this.statements.byVersion.get(record.game, record.version)!);
  }

  async byId(id: number): Promise<HistoryRecord | null> {
    const row = this.statements.byId.get(id);
    return row ? toHistoryRecord(row) : null;
  }

  async byVersion(game: number, version: number): Promise<HistoryRecord | null> {
    const row = this.statements.byVersion.get(game, version);
    return row ? toHistoryRecord(row) : null;
  }

  async latest(): Promise<HistoryRecord | null> {
    const row = this.statements.latest.get();
    return row ? toHistoryRecord(row) : null;
  }

  async list(options: { limit?: number; beforeId?: number } = {}): Promise<HistoryRecord[]> {
    return this.statements.list.all(options.beforeId ?? Number.MAX_SAFE_INTEGER, options.limit ?? -1).map(toHistoryRecord);
  }

  async delete(ids: readonly number[]): Promise<void> {
    this.database.db.transaction(() => {
      for (const id of ids) this.statements.remove.run(id);
    })();
  }
}
