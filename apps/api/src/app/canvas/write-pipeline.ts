import { Logger } from '@nestjs/common';
import { RECORD_BYTES, RESET_X, writeRecord } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import type { ChangeRun } from './change-run';
import { ChangeColumns, GameChangedError, PlacementLogRepository, UndoConflictError } from './placement-log.repository';

export interface CommittedChange {
  version: number;
  placedAt: number;
}

/** Numbers a caller keeps beside each change until its answer (a placement: its reservation). */
export const CHANGE_NOTES = 4;

/**
 * Turns one settled change of a batch into what its promise resolves with: called once per
 * change, in queue order, after the commit (`batch.version[i]`, `batch.placedAt[i]`) or its
 * refusal (`refused` throws or returns a rejected promise). One answerer serves every
 * change of a kind, so a change costs no closure.
 */
export interface ChangeAnswerer<T> {
  committed(batch: PendingBatch, i: number): T | Promise<T>;
  refused(batch: PendingBatch, i: number, refusal: Error): Promise<T>;
}

/**
 * The changes of one flush, column by column (no object per change), and their outcomes.
 * Every change's promise is `settled.then(answerNext)`: reactions of one promise run in the
 * order they were added, so the n-th reaction answers the n-th change (`answered` counts).
 * A batch is reused once every change of it was answered.
 */
export class PendingBatch implements ChangeColumns {
  size = 0;
  answered = 0;
  x = new Int32Array(64);
  y = new Int32Array(64);
  color = new Int32Array(64);
  /** The version each change undoes (0: an ordinary change). */
  undoes = new Float64Array(64);
  /** CHANGE_NOTES numbers per change, kept for its answerer. */
  notes = new Float64Array(64 * CHANGE_NOTES);
  version = new Float64Array(64);
  placedAt = new Float64Array(64);
  readonly userId: Array<string | null> = [];
  readonly userName: Array<string | null> = [];
  readonly answerers: Array<ChangeAnswerer<unknown>> = [];
  readonly refusals: Array<Error | null> = [];
  settled!: Promise<PendingBatch>;
  private settle!: (batch: PendingBatch) => void;
  private readonly capture = (resolve: (batch: PendingBatch) => void): void => {
    this.settle = resolve;
  };

  constructor() {
    this.reset();
  }

  /** Empties the batch for the next flush (a new `settled`: one promise per batch). */
  reset(): this {
    for (let i = 0; i < this.size; i++) {
      this.userId[i] = null;
      this.userName[i] = null;
      this.refusals[i] = null;
    }
    this.size = 0;
    this.answered = 0;
    this.settled = new Promise(this.capture);
    return this;
  }

  get done(): boolean {
    return this.answered === this.size;
  }

  push(x: number, y: number, color: number, userId: string | null, userName: string | null, undoes: number, answerer: ChangeAnswerer<unknown>): number {
    if (this.size === this.x.length) this.grow();
    const i = this.size++;
    this.x[i] = x;
    this.y[i] = y;
    this.color[i] = color;
    this.undoes[i] = undoes;
    this.userId[i] = userId;
    this.userName[i] = userName;
    this.answerers[i] = answerer;
    this.refusals[i] = null;
    this.version[i] = 0;
    return i;
  }

  note(i: number, k: number): number {
    return this.notes[i * CHANGE_NOTES + k];
  }

  /** Releases every answer (in queue order, as microtasks). */
  settleAll(): void {
    this.settle(this);
  }

  private grow(): void {
    const capacity = this.x.length * 2;
    const grown = <A extends Int32Array | Float64Array>(a: A, per = 1): A => {
      const b = new (a.constructor as new (n: number) => A)(capacity * per);
      b.set(a);
      return b;
    };
    this.x = grown(this.x);
    this.y = grown(this.y);
    this.color = grown(this.color);
    this.undoes = grown(this.undoes);
    this.notes = grown(this.notes, CHANGE_NOTES);
    this.version = grown(this.version);
    this.placedAt = grown(this.placedAt);
  }
}

/** Answers `{version, placedAt}` (admin changes, undos, resets) or rethrows the refusal. */
const plainAnswer: ChangeAnswerer<CommittedChange> = {
  committed: (batch, i) => ({ version: batch.version[i], placedAt: batch.placedAt[i] }),
  refused: (_batch, _i, refusal) => Promise.reject(refusal),
};

/** The reaction of every change: answers the next change of the batch. */
function answerNext(batch: PendingBatch): unknown {
  const i = batch.answered++;
  const refusal = batch.refusals[i];
  return refusal ? batch.answerers[i].refused(batch, i, refusal) : batch.answerers[i].committed(batch, i);
}

/** Where committed runs go: the ordered applier of this instance, and the other instances. */
export type RunSink = (run: ChangeRun) => void;

/**
 * The ordered write pipeline with group commit. Changes queue up while the event loop
 * handles a round of I/O; a flush (scheduled with setImmediate, so it runs once per loop
 * turn after all the requests that arrived together) commits the whole queue in ONE
 * transaction, and while that commit is in flight the next changes queue for the next
 * one. The log assigns the versions inside the commit. Only after the commit are the
 * callers answered (a 201 means durable) and the run handed to `committed` (this
 * instance's applier, then the other instances).
 *
 * Per change (issue 17: allocation on the placement path) the queue keeps columns in a
 * reused PendingBatch and one reaction on the batch's promise: no change object, no
 * closure, no promise of its own beyond the one its caller receives.
 */
export class WritePipeline {
  private readonly logger = new Logger('WritePipeline');
  private pending = new PendingBatch();
  private spare: PendingBatch | null = null;
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
    return this.pending.size;
  }

  enqueue(x: number, y: number, color: number, userId: string | null, userName: string | null, undoes = 0): Promise<CommittedChange> {
    this.pending.push(x, y, color, userId, userName, undoes, plainAnswer);
    return this.reaction<CommittedChange>();
  }

  /**
   * Queues an ordinary change whose promise resolves with `answerer`'s answer, the
   * CHANGE_NOTES numbers of `notes` copied beside it (see PendingBatch.note; a typed array,
   * so no number is boxed on the way).
   */
  enqueueAnswered<T>(x: number, y: number, color: number, userId: string, userName: string, answerer: ChangeAnswerer<T>, notes: Float64Array): Promise<T> {
    const batch = this.pending;
    const i = batch.push(x, y, color, userId, userName, 0, answerer);
    batch.notes.set(notes, i * CHANGE_NOTES);
    return this.reaction<T>();
  }

  /** Starts a commit of everything queued, unless one is in flight (it flushes again when done). */
  flush(): void {
    if (this.inFlight || this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = this.spare?.done ? this.spare.reset() : new PendingBatch();
    this.spare = null;
    this.inFlight = this.commit(batch).finally(() => {
      this.inFlight = null;
      this.spare = batch;
      if (this.pending.size > 0) this.scheduleFlush();
    });
  }

  /** Commits everything queued and waits for it (shutdown, tests). */
  async drain(): Promise<void> {
    for (;;) {
      if (this.inFlight) await this.inFlight;
      else if (this.pending.size > 0) this.flush();
      else return;
    }
  }

  /** Refuses everything still queued (shutdown without storage). */
  rejectPending(error: Error): void {
    const batch = this.pending;
    this.pending = new PendingBatch();
    for (let i = 0; i < batch.size; i++) batch.refusals[i] = error;
    batch.settleAll();
  }

  private reaction<T>(): Promise<T> {
    this.scheduleFlush();
    return this.pending.settled.then(answerNext) as Promise<T>;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight) return;
    this.flushScheduled = true;
    setImmediate(this.scheduledFlush);
  }

  /**
   * Commits the batch in queue order. An undo is conditional (its own transaction, see
   * commitUndo), so a batch holding undos is committed in segments around them; an
   * ordinary batch is one transaction. The answers are released at the end, every change
   * answered (one the commit never reached: 503).
   */
  private async commit(batch: PendingBatch): Promise<void> {
    try {
      let start = 0;
      for (let i = 0; i < batch.size; i++) {
        if (batch.undoes[i] === 0) continue;
        if (i > start) await this.commitRun(batch, start, i);
        await this.commitUndo(batch, i);
        start = i + 1;
      }
      if (start < batch.size) await this.commitRun(batch, start, batch.size);
    } finally {
      for (let i = 0; i < batch.size; i++) if (batch.version[i] === 0 && !batch.refusals[i]) batch.refusals[i] = refusalFor(null);
      batch.settleAll();
    }
  }

  private async commitUndo(batch: PendingBatch, i: number): Promise<void> {
    const game = this.currentGame();
    const placedAt = Date.now();
    const change = { x: batch.x[i], y: batch.y[i], color: batch.color[i], userId: batch.userId[i], userName: batch.userName[i] };
    try {
      batch.version[i] = await this.log.commitUndo(game, change, batch.undoes[i], placedAt);
    } catch (error) {
      batch.refusals[i] = error instanceof UndoConflictError ? error : refusalFor(error);
      return;
    }
    batch.placedAt[i] = placedAt;
    const records = new Uint8Array(RECORD_BYTES);
    writeRecord(records, 0, change.x, change.y, change.color);
    this.committed({ firstVersion: batch.version[i], game, placedAt, records });
  }

  /** Commits changes [from, to) of the batch as one transaction. */
  private async commitRun(batch: PendingBatch, from: number, to: number): Promise<void> {
    const game = this.currentGame();
    const placedAt = Date.now();
    let firstVersion: number;
    try {
      firstVersion = await this.log.commitChanges(game, batch, from, to, placedAt);
    } catch (error) {
      const refusal = refusalFor(error);
      if (refusal.getStatus() === 503) this.logger.error(`placement log write failed; ${to - from} change(s) refused: ${(error as Error).message}`);
      for (let i = from; i < to; i++) batch.refusals[i] = refusal;
      return;
    }
    const records = new Uint8Array((to - from) * RECORD_BYTES);
    for (let i = from; i < to; i++) {
      const x = batch.x[i];
      writeRecord(records, (i - from) * RECORD_BYTES, x, x === RESET_X ? 0 : batch.y[i], batch.color[i]);
      batch.version[i] = firstVersion + i - from;
      batch.placedAt[i] = placedAt;
    }
    this.committed({ firstVersion, game, placedAt, records });
  }
}

function refusalFor(error: unknown): ApiError {
  if (error instanceof GameChangedError) {
    return new ApiError(409, 'GAME_CHANGED', 'A new game started before this change was stored; look at the new canvas and try again.');
  }
  return new ApiError(503, 'STORAGE_UNAVAILABLE', 'The canvas cannot store changes right now; try again shortly.', {}, { 'Retry-After': '5' });
}
