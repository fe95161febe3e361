import { PgStatement } from '../../storage/postgres-statement';
import { PostgresDatabase } from '../../storage/postgres-database';
import { HISTORY_COLUMNS, HistoryRecord, HistoryRepository, HistoryRow, toHistoryRecord } from './history.repository';

const statements = {
  insert: new PgStatement<HistoryRow>(
    'history_snapshots.insert',
    `INSERT INTO history_snapshots (game, version, width, height, taken_at, reason, image_key, bytes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (game, version) DO NOTHING
     RETURNING ${HISTORY_COLUMNS}`,
  ),
  byId: new PgStatement<HistoryRow>('history_snapshots.by_id', `SELECT ${HISTORY_COLUMNS} FROM history_snapshots WHERE id = $1`),
  byVersion: new PgStatement<HistoryRow>('history_snapshots.by_version', `SELECT ${HISTORY_COLUMNS} FROM history_snapshots WHERE game = $1 AND version = $2`),
  latest: new PgStatement<HistoryRow>('history_snapshots.latest', `SELECT ${HISTORY_COLUMNS} FROM history_snapshots ORDER BY id DESC LIMIT 1`),
  // LIMIT NULL is LIMIT ALL
  list: new PgStatement<HistoryRow>('history_snapshots.list', `SELECT ${HISTORY_COLUMNS} FROM history_snapshots WHERE id < $1 ORDER BY id DESC LIMIT $2`),
  remove: new PgStatement('history_snapshots.delete', 'DELETE FROM history_snapshots WHERE id = ANY($1::bigint[])'),
};

/** History metadata in PostgreSQL (identity ids: never reused). */
export class PostgresHistoryRepository extends HistoryRepository {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  private get pool() {
    return this.database.pool;
  }

  async insert(r: Omit<HistoryRecord, 'id'>): Promise<HistoryRecord> {
    const inserted = (await statements.insert.run(this.pool, [r.game, r.version, r.width, r.height, r.takenAt, r.reason, r.imageKey, r.bytes])).rows[0];
    if (inserted) return toHistoryRecord(inserted);
    // a conflict: the row another instance committed is visible to this new statement
    const existing = await this.byVersion(r.game, r.version);
    if (!existing) throw new Error(`history snapshot of game ${r.game} v${r.version} conflicted but cannot be read`);
    return existing;
  }

  async byId(id: number): Promise<HistoryRecord | null> {
    const row = (await statements.byId.run(this.pool, [id])).rows[0];
    return row ? toHistoryRecord(row) : null;
  }

  async byVersion(game: number, version: number): Promise<HistoryRecord | null> {
    const row = (await statements.byVersion.run(this.pool, [game, version])).rows[0];
    return row ? toHistoryRecord(row) : null;
  }

  async latest(): Promise<HistoryRecord | null> {
    const row = (await statements.latest.run(this.pool)).rows[0];
    return row ? toHistoryRecord(row) : null;
  }

  async list(options: { limit?: number; beforeId?: number } = {}): Promise<HistoryRecord[]> {
    const rows = (await statements.list.run(this.pool, [options.beforeId ?? Number.MAX_SAFE_INTEGER, options.limit ?? null])).rows;
    return rows.map(toHistoryRecord);
  }

  async delete(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await statements.remove.run(this.pool, [ids]);
  }
}
