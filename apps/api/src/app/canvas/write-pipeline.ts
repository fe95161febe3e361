import { Logger } from '@nestjs/common';
import { RECORD_BYTES, RESET_X, writeRecord } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import type { ChangeRun } from './change-run';
import { GameChangedError, PlacementLogRepository, UndoConflictError } from './placement-log.repository';

export interface CommittedChange {
  version: number;
  placedAt: number;
}

interface PendingChange {
  x: number;
  y: number;
  color: number;
  userId: string | null;
  userName: string | null;
  /** The version this change undoes (0: an ordinary change). */
  undoes: number;
  resolve: (committed: CommittedChange) => void;
  reject: (error: Error) => void;
}

/** Where committed runs go: the ordered applier of this instance, and the other instances. */
export type RunSink = (run: ChangeRun) => void;

/**
 * The ordered write pipeline with group commit. Changes queue up while the event loop
 * handles a round of I/O; a flush (scheduled with setImmediate, so it runs once per loop
 * turn after all the requests that arrived together) commits the whole queue in ONE
 * transaction, and while that commit is in flight the next changes queue for the next
 * one. The log assigns the versions inside the commit. Only after the commit are the
 * callers settled (a 201 means durable) and the run handed to `committed` (this
 * instance's applier, then the other instances).
 */
export class WritePipeline {
  private readonly logger = new Logger('WritePipeline');
  private pending: PendingChange[] = [];
  private flushScheduled = false;
  private inFlight: Promise<void> | null = null;
  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  constructor(
    private readonly log: PlacementLogRepository,
    private readonly currentGame: () => number,
    private readonly committed: RunSink,
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  enqueue(x: number, y: number, color: number, userId: string | null, userName: string | null, undoes = 0): Promise<CommittedChange> {
    const promise = new Promise<CommittedChange>((resolve, reject) => {
      this.pending.push({ x, y, color, userId, userName, undoes, resolve, reject });
    });
    this.scheduleFlush();
    return promise;
  }

  /** Starts a commit of everything queued, unless one is in flight (it flushes again when done). */
  flush(): void {
    if (this.inFlight || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.inFlight = this.commit(batch).finally(() => {
      this.inFlight = null;
      if (this.pending.length > 0) this.scheduleFlush();
    });
  }

  /** Commits everything queued and waits for it (shutdown, tests). */
  async drain(): Promise<void> {
    for (;;) {
      if (this.inFlight) await this.inFlight;
      else if (this.pending.length > 0) this.flush();
      else return;
    }
  }

  /** Refuses everything still queued (shutdown without storage). */
  rejectPending(error: Error): void {
    const batch = this.pending;
    this.pending = [];
    for (const c of batch) c.reject(error);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight) return;
    this.flushScheduled = true;
    setImmediate(this.scheduledFlush);
  }

  /**
   * Commits the batch in queue order. An undo is conditional (its own transaction, see
   * commitUndo), so a batch holding undos is committed in segments around them; an
   * ordinary batch is one transaction.
   */
  private async commit(batch: PendingChange[]): Promise<void> {
    let start = 0;
    for (let i = 0; i < batch.length; i++) {
      if (batch[i].undoes === 0) continue;
      if (i > start) await this.commitRun(batch.slice(start, i));
      await this.commitUndo(batch[i]);
      start = i + 1;
    }
    if (start === 0) await this.commitRun(batch);
    else if (start < batch.length) await this.commitRun(batch.slice(start));
  }

  private async commitUndo(change: PendingChange): Promise<void> {
    const game = this.currentGame();
    const placedAt = Date.now();
    let version: number;
    try {
      version = await this.log.commitUndo(game, change, change.undoes, placedAt);
    } catch (error) {
      change.reject(error instanceof UndoConflictError ? error : refusalFor(error));
      return;
    }
    const records = new Uint8Array(RECORD_BYTES);
    writeRecord(records, 0, change.x, change.y, change.color);
    try {
      this.committed({ firstVersion: version, game, placedAt, records });
    } finally {
      change.resolve({ version, placedAt });
    }
  }

  private async commitRun(batch: PendingChange[]): Promise<void> {
    const game = this.currentGame();
    const placedAt = Date.now();
    let firstVersion: number;
    try {
      firstVersion = await this.log.commitRun(game, batch, placedAt);
    } catch (error) {
      const refusal = refusalFor(error);
      if (refusal.getStatus() === 503) this.logger.error(`placement log write failed; ${batch.length} change(s) refused: ${(error as Error).message}`);
      for (const c of batch) c.reject(refusal);
      return;
    }
    const records = new Uint8Array(batch.length * RECORD_BYTES);
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i];
      writeRecord(records, i * RECORD_BYTES, c.x, c.x === RESET_X ? 0 : c.y, c.color);
    }
    try {
      this.committed({ firstVersion, game, placedAt, records });
    } finally {
      for (let i = 0; i < batch.length; i++) batch[i].resolve({ version: firstVersion + i, placedAt });
    }
  }
}

function refusalFor(error: unknown): ApiError {
  if (error instanceof GameChangedError) {
    return new ApiError(409, 'GAME_CHANGED', 'A new game started before this change was stored; look at the new canvas and try again.');
  }
  return new ApiError(503, 'STORAGE_UNAVAILABLE', 'The canvas cannot store changes right now; try again shortly.', {}, { 'Retry-After': '5' });
}
