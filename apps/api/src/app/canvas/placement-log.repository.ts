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

/** A change about to be committed: the log assigns its version. */
export type NewChange = Pick<LoggedChange, 'x' | 'y' | 'color' | 'userId' | 'userName'>;

/** Changes about to be committed, column by column (the write pipeline's batch: no object per change). */
export interface ChangeColumns {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color: ArrayLike<number>;
  readonly userId: ArrayLike<string | null>;
  readonly userName: ArrayLike<string | null>;
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

export interface LogHead {
  game: number;
  version: number;
}

/** The run was aimed at a game that is no longer the current one (a new game started). */
export class GameChangedError extends Error {
  constructor(
    readonly expected: number,
    readonly current: number,
  ) {
    super(`game ${expected} is over (the current game is ${current})`);
    this.name = 'GameChangedError';
  }
}

/** An undo lost its race: the pixel changed (or the canvas was reset) after the placement it undoes. */
export class UndoConflictError extends Error {
  constructor(readonly undoes: number) {
    super(`change ${undoes} can no longer be undone`);
    this.name = 'UndoConflictError';
  }
}

/** A user's placements counted for the leaderboard (undone ones and undo changes excluded). */
export interface PlacementTally {
  userId: string;
  userName: string;
  pixels: number;
  /** The version of the user's last counted placement (earlier wins a tie). */
  lastVersion: number;
}

/**
 * The durable placement log, games, checkpoints and canvas settings. The log assigns
 * versions when it commits, so they are dense and global even when several instances
 * commit to one database: commit order is version order.
 */
export abstract class PlacementLogRepository {
  /**
   * Commits changes [from, to) of `changes` atomically as the versions after the newest
   * committed one and returns the first. Throws GameChangedError when `game` is not the
   * current game, and any storage error as is (nothing committed then).
   */
  abstract commitChanges(game: number, changes: ChangeColumns, from: number, to: number, placedAt: number): Promise<number>;
  /** commitChanges of a list of changes (tools and tests; the write pipeline commits columns). */
  commitRun(game: number, changes: readonly NewChange[], placedAt: number): Promise<number> {
    const columns: ChangeColumns = {
      x: changes.map((c) => c.x),
      y: changes.map((c) => c.y),
      color: changes.map((c) => c.color),
      userId: changes.map((c) => c.userId),
      userName: changes.map((c) => c.userName),
    };
    return this.commitChanges(game, columns, 0, changes.length, placedAt);
  }
  /**
   * Commits `change` (a pixel restoring the colour before version `undoes`) as the next
   * version, marked as the undo of `undoes`, only if no change at that pixel and no reset
   * came after `undoes` — checked inside the committing transaction, so a concurrent
   * placement by someone else either lands first (UndoConflictError) or after the undo.
   */
  abstract commitUndo(game: number, change: NewChange, undoes: number, placedAt: number): Promise<number>;
  /** The user's newest pixel change of `game` (an undo change too, with `undoes` set). */
  abstract lastPlacementOf(userId: string, game: number): Promise<(LoggedChange & { undoes: number | null }) | null>;
  /** The colour (x, y) had just before `version` within its game (null: the game's background). */
  abstract colorBefore(x: number, y: number, version: number, gameFirstVersion: number): Promise<number | null>;
  /** Placements per user of `game` at or after `sinceMs`, undone ones excluded; highest first, ties by earlier last placement. */
  abstract tallies(game: number, sinceMs: number): Promise<PlacementTally[]>;
  /** The first version placed at or after `sinceMs` (the next version when none is). */
  abstract firstVersionFrom(sinceMs: number): Promise<number>;
  /** Coordinates of the pixel changes of `game` with `from` ≤ version < `to`, in version order (no object per change). */
  abstract pixelsInVersions(game: number, from: number, to: number): Promise<{ x: Uint16Array; y: Uint16Array }>;
  /** Starts the next game with its opening reset record (atomically); returns both. */
  abstract startGame(
    size: { width: number; height: number; background: number },
    by: { userId: string | null; userName: string | null },
    now: number,
  ): Promise<{ game: GameRecord; reset: LoggedChange }>;
  /** Creates game 1 (version 0, no reset record) on an empty log; no-op otherwise. */
  abstract ensureFirstGame(size: { width: number; height: number; background: number }, now: number): Promise<void>;
  /** The current game and the newest committed version. */
  abstract head(): Promise<LogHead>;
  /** Up to `limit` changes with versions > `version`, in version order. */
  abstract changesAfter(version: number, limit: number): Promise<LoggedChange[]>;
  /** The latest change at (x, y) with a version above `afterVersion`, if any. */
  abstract lastChangeAt(x: number, y: number, afterVersion: number): Promise<LoggedChange | null>;
  abstract lastReset(): Promise<LoggedChange | null>;
  /** Pixel placements (not resets) at or after `sinceMs`. */
  abstract countSince(sinceMs: number): Promise<number>;
  abstract games(): Promise<GameRecord[]>;
  abstract latestCheckpoint(): Promise<Checkpoint | null>;
  /** Stores a checkpoint (an existing one of the same version is kept) and drops all but the newest few. */
  abstract saveCheckpoint(checkpoint: Checkpoint): Promise<void>;
  abstract paused(): Promise<boolean>;
  abstract setPaused(paused: boolean): Promise<void>;
}

/** Checkpoints kept; older ones are deleted when a new one is saved. */
export const CHECKPOINTS_KEPT = 2;
