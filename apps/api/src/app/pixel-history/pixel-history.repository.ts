/** A canvas position packed as `y << 16 | x` (both below 65536), the key the history queries take. */
export type PixelKey = number;

export const pixelKey = (x: number, y: number): PixelKey => y * 65536 + x;

/** The latest change at a pixel, and who made it. */
export interface PixelChange {
  x: number;
  y: number;
  version: number;
  color: number;
  userId: string | null;
  userName: string | null;
  placedAt: number;
}

/** A pixel whose current colour a user placed in a rollback window, and the colour it had before. */
export interface RollbackCandidate {
  x: number;
  y: number;
  /** The version that gave the pixel its current colour (that user's latest placement there). */
  version: number;
  /** The colour before the user's first placement there in the window; null = the reset colour. */
  before: number | null;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacerCount {
  userId: string;
  userName: string | null;
  pixels: number;
  lastVersion: number;
}

/**
 * Read-only questions about the placement log (`canvas_changes`) that moderation and
 * templates ask, each answered by one indexed query on either engine: the pixel index
 * `(y, x, version)` and the user index `(user_id, version)`.
 */
export abstract class PixelHistoryRepository {
  /**
   * For each of `pixels`, its latest change with a version above `afterVersion`; returns
   * the `limit` most recent of those (version descending). Pixels unchanged since then are
   * not in the answer.
   */
  abstract latestChanges(pixels: readonly PixelKey[], afterVersion: number, limit: number): Promise<PixelChange[]>;

  /**
   * The pixels in `area` whose latest change (version above `afterVersion`, up to
   * `upToVersion`) is a placement by `userId` at or after `sinceMs`, with the colour each
   * had just before that user's first placement there at or after `sinceMs`.
   */
  abstract rollbackCandidates(userId: string, sinceMs: number, area: Area, afterVersion: number, upToVersion: number): Promise<RollbackCandidate[]>;

  /** Accepted placements per user with versions above `afterVersion`: most first, ties by the earlier last placement. */
  abstract topPlacers(afterVersion: number, limit: number): Promise<PlacerCount[]>;
}
