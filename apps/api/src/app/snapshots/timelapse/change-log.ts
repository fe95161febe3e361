import type { Database } from 'better-sqlite3';
import type { GameRecord } from '../../canvas/placement-log.repository';

/** A game as the canvas module records it (`canvas_games`). */
export type GameInfo = GameRecord;

export interface ChangeRecord {
  version: number;
  /** 65535 (RESET_X) fills the whole canvas with `color`. */
  x: number;
  y: number;
  color: number;
}

/**
 * Read access to the placement log for replays. Pages are short synchronous queries:
 * a better-sqlite3 iterator would hold the connection for the whole replay and stall
 * every placement meanwhile, while pages interleave with the server's own statements.
 */
export class ChangeLogReader {
  constructor(private readonly db: Database) {}

  games(): GameInfo[] {
    return this.db
      .prepare('SELECT game, width, height, background, first_version AS firstVersion, started_at AS startedAt FROM canvas_games ORDER BY game')
      .all() as GameInfo[];
  }

  game(game: number): GameInfo | null {
    return this.games().find((g) => g.game === game) ?? null;
  }

  latestGame(): GameInfo | null {
    return this.games().at(-1) ?? null;
  }

  /** How many changes `game` has, and the last one's version (a replay stops there even if play goes on). */
  extent(game: number): { changes: number; lastVersion: number } {
    const row = this.db.prepare('SELECT COUNT(*) AS changes, COALESCE(MAX(version), 0) AS lastVersion FROM canvas_changes WHERE game = ?').get(game) as {
      changes: number;
      lastVersion: number;
    };
    return row;
  }

  countChanges(game: number): number {
    return this.extent(game).changes;
  }

  /** Up to `limit` changes of `game` with versions in (afterVersion, untilVersion], in version order. */
  page(game: number, afterVersion: number, untilVersion: number, limit: number): ChangeRecord[] {
    return this.db
      .prepare('SELECT version, x, y, color FROM canvas_changes WHERE game = ? AND version > ? AND version <= ? ORDER BY version LIMIT ?')
      .all(game, afterVersion, untilVersion, limit) as ChangeRecord[];
  }
}
