import { Logger } from '@nestjs/common';
import { RECORD_BYTES, RESET_X, recordColor, recordX, recordY } from '@pixel-wars/protocol';
import { CanvasState } from './canvas-state';
import { ChangePool } from './change-pool';
import { ChangeRun, lastVersionOfRun, recordCount, runAfter } from './change-run';

/** Records applied since the last broadcast, as one contiguous run of versions. */
export interface Outbox {
  firstVersion: number;
  records: Uint8Array;
}

export interface ApplierHooks {
  /** After every applied run (snapshot policy). */
  applied(): void;
  /** A reset record was applied (clear or new game). */
  reset(version: number, placedAt: number): void;
  /** A new game was applied; `resized` when its size differs from the previous one. */
  gameStarted(resized: boolean): void;
}

/** Reads the committed runs after `afterVersion` (up to about `upTo`) from the log. */
export type RunSource = (afterVersion: number, upTo: number) => Promise<ChangeRun[]>;

/** How long an early run waits for the runs before it before the log is asked. */
export const GAP_WAIT_MS = 250;

/**
 * Applies committed runs to the live canvas strictly in version order: the bitmap, the
 * change pool and the outbox of the next tick. Runs may arrive out of order (several
 * instances commit concurrently and publish independently): an early run waits in a
 * buffer; a gap that does not close within GAP_WAIT_MS — a committer died between its
 * commit and its publish — is filled from the log. Duplicates are dropped.
 */
export class ChangeApplier {
  private readonly logger = new Logger('ChangeApplier');
  private readonly waiting = new Map<number, ChangeRun>();
  private outboxChunks: Uint8Array[] = [];
  private outboxFirstVersion = 0;
  private outboxRecords = 0;
  private knownHead = 0;
  private gapTimer: NodeJS.Timeout | null = null;
  private filling = false;
  private stopped = false;

  constructor(
    private readonly state: CanvasState,
    private readonly pool: ChangePool,
    private readonly hooks: ApplierHooks,
    private readonly source: RunSource | null = null,
    private readonly gapWaitMs = GAP_WAIT_MS,
  ) {}

  get version(): number {
    return this.state.version;
  }

  /** Runs waiting for an earlier one. */
  get waitingRuns(): number {
    return this.waiting.size;
  }

  /** Offers a committed run; applies it now when it is next, else keeps it until it is. */
  offer(run: ChangeRun): void {
    if (lastVersionOfRun(run) <= this.state.version) return;
    if (run.firstVersion > this.state.version + 1) {
      const held = this.waiting.get(run.firstVersion);
      if (!held || recordCount(held) < recordCount(run)) this.waiting.set(run.firstVersion, run);
      this.watchGap();
      return;
    }
    const rest = runAfter(run, this.state.version);
    if (rest && this.apply(rest)) this.drain();
  }

  /** Another instance committed up to `version` (a head poll): fill from the log if no run brings it. */
  noteHead(version: number): void {
    if (version > this.knownHead) this.knownHead = version;
    if (this.knownHead > this.state.version) this.watchGap();
  }

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

  stop(): void {
    this.stopped = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }

  private drain(): void {
    while (this.waiting.size > 0) {
      let progressed = false;
      for (const [first, run] of this.waiting) {
        if (lastVersionOfRun(run) <= this.state.version) {
          this.waiting.delete(first);
          continue;
        }
        if (first <= this.state.version + 1) {
          this.waiting.delete(first);
          const rest = runAfter(run, this.state.version);
          if (rest && this.apply(rest)) progressed = true;
          else return;
        }
      }
      if (!progressed) break;
    }
    if (this.waiting.size === 0 && this.knownHead <= this.state.version && this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    }
  }

  /** Applies a run that starts at version + 1; false when it cannot be applied here. */
  private apply(run: ChangeRun): boolean {
    let records = run.records;
    let first = run.firstVersion;
    if (run.game !== this.state.game) {
      const game = run.opensGame;
      if (!game || game.game !== run.game || game.firstVersion !== first) {
        this.logger.error(`run ${first}… of game ${run.game} does not open that game (canvas is in game ${this.state.game}); reading it from the log`);
        this.noteHead(lastVersionOfRun(run));
        return false;
      }
      const resized = game.width !== this.state.width || game.height !== this.state.height;
      this.state.resize(game.width, game.height, game.background);
      this.state.background = game.background;
      this.state.game = game.game;
      this.state.version = first;
      const reset = records.subarray(0, RECORD_BYTES);
      if (resized) this.pool.restart(first + 1);
      else this.pool.append(reset);
      this.addToOutbox(first, reset);
      this.hooks.reset(first, run.placedAt);
      this.hooks.gameStarted(resized);
      records = records.subarray(RECORD_BYTES);
      first += 1;
      if (records.length === 0) {
        this.hooks.applied();
        return true;
      }
    }
    const n = records.length / RECORD_BYTES;
    for (let i = 0; i < n; i++) {
      const x = recordX(records, i);
      this.state.apply(x, recordY(records, i), recordColor(records, i));
      if (x === RESET_X) this.hooks.reset(first + i, run.placedAt);
    }
    this.state.version = first + n - 1;
    this.pool.append(records);
    this.addToOutbox(first, records);
    this.hooks.applied();
    return true;
  }

  private addToOutbox(firstVersion: number, records: Uint8Array): void {
    if (this.outboxRecords === 0) this.outboxFirstVersion = firstVersion;
    this.outboxChunks.push(records);
    this.outboxRecords += records.length / RECORD_BYTES;
  }

  private watchGap(): void {
    if (this.gapTimer || this.stopped || !this.source) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      void this.fill();
    }, this.gapWaitMs);
    this.gapTimer.unref();
  }

  /** Reads what is missing from the log, until nothing is missing or the log has no more. */
  private async fill(): Promise<void> {
    if (this.filling || !this.source) return;
    this.filling = true;
    try {
      for (;;) {
        const target = this.gapTarget();
        if (target <= this.state.version) break;
        const before = this.state.version;
        const runs = await this.source(before, target);
        for (const run of runs) this.offer(run);
        if (this.state.version === before) break;
      }
    } catch (error) {
      this.logger.warn(`filling the gap after version ${this.state.version} from the log failed: ${(error as Error).message}; retrying`);
    } finally {
      this.filling = false;
    }
    if (this.gapTarget() > this.state.version) this.watchGap();
  }

  /** The newest version known to exist before the next run this instance holds. */
  private gapTarget(): number {
    let earliestWaiting = Infinity;
    for (const first of this.waiting.keys()) if (first < earliestWaiting) earliestWaiting = first;
    return Number.isFinite(earliestWaiting) ? Math.max(earliestWaiting - 1, this.knownHead) : this.knownHead;
  }
}
