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
 * Read access to the placement log for replays: `SqliteChangeLogReader` or
 * `PostgresChangeLogReader`. Pages are short queries, so a replay never holds the
 * database for long and placements go on between pages.
 */
export abstract class ChangeLogReader {
  /** Every game of the log, oldest first. */
  abstract games(): Promise<GameInfo[]>;

  /** How many changes `game` has, and the last one's version (a replay stops there even if play goes on). */
  abstract extent(game: number): Promise<{ changes: number; lastVersion: number }>;

  /** Up to `limit` changes of `game` with versions in (afterVersion, untilVersion], in version order. */
  abstract page(game: number, afterVersion: number, untilVersion: number, limit: number): Promise<ChangeRecord[]>;

  async game(game: number): Promise<GameInfo | null> {
    return (await this.games()).find((g) => g.game === game) ?? null;
  }

  async latestGame(): Promise<GameInfo | null> {
    return (await this.games()).at(-1) ?? null;
  }

  async countChanges(game: number): Promise<number> {
    return (await this.extent(game)).changes;
  }
}
