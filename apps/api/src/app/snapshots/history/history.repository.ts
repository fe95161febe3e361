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

/**
 * History metadata (table `history_snapshots`, migration history-001):
 * `SqliteHistoryRepository` or `PostgresHistoryRepository`, bound in SnapshotsModule.
 * Ids are never reused, so an image URL served as immutable never changes meaning.
 */
export abstract class HistoryRepository {
  /** Stores the snapshot of (game, version); when it is already stored (another instance was first), returns that one. */
  abstract insert(record: Omit<HistoryRecord, 'id'>): Promise<HistoryRecord>;
  abstract byId(id: number): Promise<HistoryRecord | null>;
  abstract byVersion(game: number, version: number): Promise<HistoryRecord | null>;
  abstract latest(): Promise<HistoryRecord | null>;
  /** Newest first; `beforeId` pages backwards; no `limit` means all. */
  abstract list(options?: { limit?: number; beforeId?: number }): Promise<HistoryRecord[]>;
  abstract delete(ids: readonly number[]): Promise<void>;
}

export interface HistoryRow {
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

export const toHistoryRecord = (r: HistoryRow): HistoryRecord => ({
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

export const HISTORY_COLUMNS = 'id, game, version, width, height, taken_at, reason, image_key, bytes';
