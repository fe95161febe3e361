import { Logger } from '@nestjs/common';
import { RECORD_BYTES, RESET_X, writeRecord } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { CanvasState } from './canvas-state';
import { ChangePool } from './change-pool';
import { GameRecord, LoggedChange, PlacementLogRepository } from './placement-log.repository';

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
  resolve: (committed: CommittedChange) => void;
  reject: (error: Error) => void;
}

/** Records committed since the last broadcast, as one contiguous run of versions. */
export interface Outbox {
  firstVersion: number;
  records: Uint8Array;
}

/**
 * The ordered write pipeline. Changes queue up while the event loop handles a round of
 * I/O; `flush` (scheduled with setImmediate, so it runs once per loop turn after all the
 * requests that arrived together) assigns dense versions, writes them to the log in ONE
 * transaction (group commit) and only then applies them to the bitmap and the pool and
 * settles the callers: readers never see an uncommitted or half-applied change, and a 201
 * always means "durable". The per-tick broadcast takes what was committed since the last
 * tick from the outbox.
 */
export class WritePipeline {
  private readonly logger = new Logger('WritePipeline');
  private pending: PendingChange[] = [];
  private outboxChunks: Uint8Array[] = [];
  private outboxFirstVersion = 0;
  private outboxRecords = 0;
  private flushScheduled = false;
  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  constructor(
    private readonly state: CanvasState,
    private readonly log: PlacementLogRepository,
    private readonly pool: ChangePool,
    private readonly onCommitted: () => void,
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  enqueue(x: number, y: number, color: number, userId: string | null, userName: string | null): Promise<CommittedChange> {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.scheduledFlush);
    }
    return new Promise<CommittedChange>((resolve, reject) => {
      this.pending.push({ x, y, color, userId, userName, resolve, reject });
    });
  }

  /** Commits every queued change; returns how many were committed. */
  flush(now = Date.now()): number {
    if (this.pending.length === 0) return 0;
    const batch = this.pending;
    this.pending = [];
    const firstVersion = this.state.version + 1;
    const game = this.state.game;
    const rows: LoggedChange[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i];
      rows[i] = { version: firstVersion + i, game, x: c.x, y: c.y, color: c.color, userId: c.userId, userName: c.userName, placedAt: now };
    }
    try {
      this.log.append(rows);
    } catch (error) {
      this.logger.error(`placement log write failed; ${batch.length} change(s) refused: ${(error as Error).message}`);
      const refusal = new ApiError(503, 'STORAGE_UNAVAILABLE', 'The canvas cannot store changes right now; try again shortly.', {}, { 'Retry-After': '5' });
      for (const c of batch) c.reject(refusal);
      return 0;
    }
    const records = new Uint8Array(batch.length * RECORD_BYTES);
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i];
      this.state.apply(c.x, c.y, c.color);
      writeRecord(records, i * RECORD_BYTES, c.x, c.x === RESET_X ? 0 : c.y, c.color);
    }
    this.state.version = firstVersion + batch.length - 1;
    this.pool.append(records);
    this.addToOutbox(firstVersion, records);
    for (let i = 0; i < batch.length; i++) batch[i].resolve({ version: firstVersion + i, placedAt: now });
    this.onCommitted();
    return batch.length;
  }

  /**
   * Starts a new game: commits what is queued, then the game row and its opening reset
   * record together. A resize restarts the pool, so older clients catch up by snapshot.
   */
  startGame(width: number, height: number, color: number, userId: string | null, userName: string | null, now = Date.now()): CommittedChange {
    this.flush(now);
    const version = this.state.version + 1;
    const game: GameRecord = { game: this.state.game + 1, width, height, background: color, firstVersion: version, startedAt: now };
    const reset: LoggedChange = { version, game: game.game, x: RESET_X, y: 0, color, userId, userName, placedAt: now };
    try {
      this.log.startGame(game, reset);
    } catch (error) {
      this.logger.error(`new game could not be stored: ${(error as Error).message}`);
      throw new ApiError(503, 'STORAGE_UNAVAILABLE', 'The new game could not be stored; nothing changed.');
    }
    const resized = width !== this.state.width || height !== this.state.height;
    this.state.resize(width, height, color);
    this.state.background = color;
    this.state.game = game.game;
    this.state.version = version;
    const record = new Uint8Array(RECORD_BYTES);
    writeRecord(record, 0, RESET_X, 0, color);
    if (resized) this.pool.restart(version + 1);
    else this.pool.append(record);
    this.addToOutbox(version, record);
    this.onCommitted();
    return { version, placedAt: now };
  }

  /** Takes the records committed since the last call (for the per-tick broadcast). */
  takeOutbox(): Outbox | null {
    if (this.outboxRecords === 0) return null;
    const chunks = this.outboxChunks;
    let records: Uint8Array;
    if (chunks.length === 1) {
      records = chunks[0];
    } else {
      records = new Uint8Array(this.outboxRecords * RECORD_BYTES);
      let offset = 0;
      for (const chunk of chunks) {
        records.set(chunk, offset);
        offset += chunk.length;
      }
    }
    const outbox = { firstVersion: this.outboxFirstVersion, records };
    this.outboxChunks = [];
    this.outboxRecords = 0;
    return outbox;
  }

  /** Refuses everything still queued (shutdown without storage). */
  rejectPending(error: Error): void {
    const batch = this.pending;
    this.pending = [];
    for (const c of batch) c.reject(error);
  }

  private addToOutbox(firstVersion: number, records: Uint8Array): void {
    if (this.outboxRecords === 0) this.outboxFirstVersion = firstVersion;
    this.outboxChunks.push(records);
    this.outboxRecords += records.length / RECORD_BYTES;
  }
}
