/** One durable change: a pixel, or a reset of the whole canvas (x = RESET_X). */
export interface LoggedChange {
  version: number;
  game: number;
  x: number;
  y: number;
  color: number;
  userId: string | null;
  userName: string | null;
  placedAt: number;
}

export interface GameRecord {
  game: number;
  width: number;
  height: number;
  background: number;
  firstVersion: number;
  startedAt: number;
}

export interface Checkpoint {
  version: number;
  game: number;
  width: number;
  height: number;
  /** zlib (RFC 1950) of width*height palette indices. */
  zlibPixels: Uint8Array;
}

/**
 * The durable placement log, games and checkpoints. The embedded SQLite implementation
 * is the default; a PostgreSQL one can replace it (same contract, same ordering rules).
 */
export abstract class PlacementLogRepository {
  /** Appends changes atomically (all or none). Throws when storage fails. */
  abstract append(changes: readonly LoggedChange[]): void;
  abstract lastVersion(): number;
  abstract changesAfter(version: number): Iterable<LoggedChange>;
  /** The latest change at (x, y) with a version above `afterVersion`, if any. */
  abstract lastChangeAt(x: number, y: number, afterVersion: number): LoggedChange | null;
  abstract lastReset(): LoggedChange | null;
  abstract countSince(sinceMs: number): number;
  abstract games(): GameRecord[];
  /** Records a new game and the reset change that opens it, atomically. */
  abstract startGame(game: GameRecord, reset: LoggedChange | null): void;
  abstract latestCheckpoint(): Checkpoint | null;
  abstract saveCheckpoint(checkpoint: Checkpoint): void;
}
