import { RESET_X } from '@pixel-wars/protocol';
import { PostgresDatabase } from '../storage/postgres-database';
import { ChangeRow, PlacerRow, ROLLBACK_SQL, RollbackRow, TOP_PLACERS_SQL, toPixelChange, toPositional } from './pixel-history.sql';
import { Area, PixelChange, PixelHistoryRepository, PixelKey, PlacerCount, RollbackCandidate } from './pixel-history.repository';
import { mergeNewest, rollbackParams, toCandidate, toPlacer } from './sqlite-pixel-history.repository';

/** Pixels per latestChanges statement (one array parameter each). */
const CHUNK = 32_768;

const LATEST_SQL = `
  SELECT c.x, c.y, c.version, c.color, c.user_id, c.user_name, c.placed_at
  FROM unnest($1::int[]) AS p(k)
  CROSS JOIN LATERAL (
    SELECT m.x, m.y, m.version, m.color, m.user_id, m.user_name, m.placed_at FROM canvas_changes m
    WHERE m.y = (p.k >> 16) AND m.x = (p.k & 65535) AND m.version > $2
    ORDER BY m.version DESC LIMIT 1) c
  ORDER BY c.version DESC LIMIT $3`;

const ROLLBACK = ROLLBACK_SQL;
const TOP = TOP_PLACERS_SQL;

/** The placement-log questions on PostgreSQL (the same SQL as SQLite, lateral joins for the per-pixel lookups). */
export class PostgresPixelHistoryRepository extends PixelHistoryRepository {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  async latestChanges(pixels: readonly PixelKey[], afterVersion: number, limit: number): Promise<PixelChange[]> {
    let best: ChangeRow[] = [];
    for (let start = 0; start < pixels.length; start += CHUNK) {
      const { rows } = await this.database.query<ChangeRow>(LATEST_SQL, [pixels.slice(start, start + CHUNK), afterVersion, limit]);
      best = mergeNewest(best, rows, limit);
    }
    return best.map(toPixelChange);
  }

  async rollbackCandidates(userId: string, sinceMs: number, area: Area, afterVersion: number, upToVersion: number): Promise<RollbackCandidate[]> {
    const { text, values } = toPositional(ROLLBACK, rollbackParams(userId, sinceMs, area, afterVersion, upToVersion));
    return (await this.database.query<RollbackRow>(text, values)).rows.map(toCandidate);
  }

  async topPlacers(afterVersion: number, limit: number): Promise<PlacerCount[]> {
    const { text, values } = toPositional(TOP, { after: afterVersion, resetX: RESET_X, limit });
    return (await this.database.query<PlacerRow>(text, values)).rows.map(toPlacer);
  }
}
