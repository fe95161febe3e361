import { RESET_X } from '@pixel-wars/protocol';
import { SqliteDatabase } from '../storage/sqlite-database';
import { ChangeRow, PlacerRow, ROLLBACK_SQL, RollbackRow, TOP_PLACERS_SQL, toPixelChange } from './pixel-history.sql';
import { Area, PixelChange, PixelHistoryRepository, PixelKey, PlacerCount, RollbackCandidate } from './pixel-history.repository';

/** Pixels per latestChanges statement: keeps each synchronous step short. */
const CHUNK = 4096;

/** The placement-log questions on the embedded SQLite file (better-sqlite3 runs each synchronously). */
export class SqlitePixelHistoryRepository extends PixelHistoryRepository {
  private readonly statements;

  constructor(database: SqliteDatabase) {
    super();
    const db = database.db;
    this.statements = {
      latest: db.prepare<[string, number, number], ChangeRow>(
        `SELECT c.x, c.y, c.version, c.color, c.user_id, c.user_name, c.placed_at
         FROM json_each(?) p
         JOIN canvas_changes c ON c.version = (
           SELECT MAX(m.version) FROM canvas_changes m WHERE m.y = (p.value >> 16) AND m.x = (p.value & 65535) AND m.version > ?)
         ORDER BY c.version DESC LIMIT ?`,
      ),
      rollback: db.prepare<Record<string, unknown>, RollbackRow>(ROLLBACK_SQL.replace(/:(\w+)/g, '@$1')),
      top: db.prepare<Record<string, unknown>, PlacerRow>(TOP_PLACERS_SQL.replace(/:(\w+)/g, '@$1')),
    };
  }

  async latestChanges(pixels: readonly PixelKey[], afterVersion: number, limit: number): Promise<PixelChange[]> {
    let best: ChangeRow[] = [];
    for (let start = 0; start < pixels.length; start += CHUNK) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve)); // let other requests run between chunks
      const rows = this.statements.latest.all(JSON.stringify(pixels.slice(start, start + CHUNK)), afterVersion, limit);
      best = mergeNewest(best, rows, limit);
    }
    return best.map(toPixelChange);
  }

  async rollbackCandidates(userId: string, sinceMs: number, area: Area, afterVersion: number, upToVersion: number): Promise<RollbackCandidate[]> {
    const rows = this.statements.rollback.all(rollbackParams(userId, sinceMs, area, afterVersion, upToVersion));
    return rows.map(toCandidate);
  }

  async topPlacers(afterVersion: number, limit: number): Promise<PlacerCount[]> {
    return this.statements.top.all({ after: afterVersion, resetX: RESET_X, limit }).map(toPlacer);
  }
}

export function rollbackParams(userId: string, sinceMs: number, area: Area, afterVersion: number, upToVersion: number): Record<string, unknown> {
  return {
    user: userId,
    since: sinceMs,
    after: afterVersion,
    upTo: upToVersion,
    x0: area.x,
    x1: area.x + area.width - 1,
    y0: area.y,
    y1: area.y + area.height - 1,
  };
}

export const toCandidate = (row: RollbackRow): RollbackCandidate => ({ x: row.x, y: row.y, version: row.version, before: row.before_color });

export const toPlacer = (row: PlacerRow): PlacerCount => ({ userId: row.user_id, userName: row.user_name, pixels: row.pixels, lastVersion: row.last_version });

/** The `limit` newest of two lists (each already newest first). */
export function mergeNewest(a: ChangeRow[], b: ChangeRow[], limit: number): ChangeRow[] {
  if (a.length === 0) return b.slice(0, limit);
  return [...a, ...b].sort((p, q) => q.version - p.version).slice(0, limit);
}
