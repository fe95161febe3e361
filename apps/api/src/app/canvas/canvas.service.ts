import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MAX_CANVAS_DIMENSION, RECORD_BYTES, RESET_X, writeRecord } from '@pixel-wars/protocol';
import { deflateSync } from 'node:zlib';
import { ClusterBus } from '../cluster/cluster-bus';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';
import { ChangeApplier, Outbox } from './change-applier';
import { ChangeFeed } from './change-feed';
import { ChangePool } from './change-pool';
import { ChangeRun, runsFromLog } from './change-run';
import { CanvasState } from './canvas-state';
import { recoverCanvas } from './canvas-recovery';
import { CachedSnapshot, CanvasSnapshots } from './canvas-snapshots';
import { GameRecord, PlacementLogRepository } from './placement-log.repository';
import { ChangeAnswerer, CommittedChange, WritePipeline } from './write-pipeline';

declare module '../cluster/cluster-bus' {
  interface ClusterMessages {
    /** An admin paused or resumed placements (the flag itself is in the log's settings). */
    'canvas.paused': { paused: boolean };
  }
}

export interface CanvasStateCopy {
  game: number;
  version: number;
  width: number;
  height: number;
  pixels: Uint8Array;
}

export type ResetReason = 'clear' | 'new-game';
export type BeforeResetListener = (state: CanvasStateCopy, reason: ResetReason) => Promise<void> | void;

export interface PixelOwner {
  color: number;
  version: number;
  placedAt: number | null;
  user: { id: string; name: string } | null;
}

/** Changes read from the log per query when filling a gap. */
const GAP_FILL_PAGE = 10_000;

/**
 * The canvas: live bitmap, dense versions, the ordered write pipeline, the change pool
 * and the periodic snapshots. This instance's commits and every other instance's
 * (through the ChangeFeed) reach the bitmap through one ordered ChangeApplier.
 */
@Injectable()
export class CanvasService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(CanvasService.name);
  private state!: CanvasState;
  private pool!: ChangePool;
  private applier!: ChangeApplier;
  private pipeline!: WritePipeline;
  private snapshots!: CanvasSnapshots;
  private readonly games = new Map<number, GameRecord>();
  private readonly beforeResetListeners: BeforeResetListener[] = [];
  private isPaused = false;
  private lastResetVersion = 0;
  private lastResetAt: number | null = null;

  constructor(
    private readonly configuration: ConfigurationService,
    private readonly log: PlacementLogRepository,
    private readonly feed: ChangeFeed,
    private readonly bus: ClusterBus,
  ) {}

  async onModuleInit(): Promise<void> {
    const { canvas } = this.configuration.config;
    await this.feed.mark();
    const recovered = await recoverCanvas(this.log, { width: canvas.width, height: canvas.height, background: canvas.backgroundColor });
    for (const game of recovered.games) this.games.set(game.game, game);
    this.state = recovered.state;
    this.lastResetVersion = recovered.lastResetVersion;
    this.lastResetAt = recovered.lastResetAt;
    this.isPaused = await this.log.paused();
    this.pool = new ChangePool(canvas.poolSize, this.state.version + 1);
    this.snapshots = new CanvasSnapshots(
      this.state,
      this.pool,
      this.log,
      {
        every: canvas.snapshotEvery,
        minIntervalMs: canvas.snapshotMinIntervalMs,
        freshnessMs: this.configuration.config.guestPollMs,
        checkpointEvery: canvas.checkpointEvery,
      },
      recovered.checkpointVersion,
    );
    this.applier = new ChangeApplier(
      this.state,
      this.pool,
      {
        applied: () => this.snapshots.onCommitted(),
        reset: (version, placedAt) => this.noteReset(version, placedAt),
        gameStarted: (resized) => (resized ? this.snapshots.replaceWithUniformCanvas() : void this.snapshots.take()),
      },
      (after, upTo) => this.readRuns(after, upTo),
    );
    this.pipeline = new WritePipeline(
      this.log,
      () => this.state.game,
      (run) => this.committed(run),
    );
    this.bus.on('canvas.paused', ({ paused }) => {
      this.isPaused = paused;
    });
    await this.snapshots.start();
    await this.feed.start({
      deliver: (run) => this.applier.offer(run),
      noteHead: (version) => this.applier.noteHead(version),
      readHead: () => this.log.head(),
    });
  }

  /** Commits what is queued and leaves a checkpoint, so the next start replays nothing. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.pipeline) return;
    await this.pipeline.drain();
    await this.feed.stop();
    this.applier.stop();
    this.snapshots.stop();
    await this.snapshots.settle();
    try {
      await this.log.saveCheckpoint({
        version: this.state.version,
        game: this.state.game,
        width: this.state.width,
        height: this.state.height,
        zlibPixels: deflateSync(this.state.pixels, { level: 1 }),
      });
    } catch (error) {
      this.logger.warn(`shutdown checkpoint not saved: ${(error as Error).message}`);
    }
  }

  get width(): number {
    return this.state.width;
  }
  get height(): number {
    return this.state.height;
  }
  get version(): number {
    return this.state.version;
  }
  get game(): number {
    return this.state.game;
  }
  get backgroundColor(): number {
    return this.state.background;
  }
  get palette(): string[] {
    return this.configuration.config.canvas.palette;
  }
  get paused(): boolean {
    return this.isPaused;
  }

  /** Pauses or resumes placements on every instance; the flag survives restarts. */
  async setPaused(paused: boolean): Promise<void> {
    await this.log.setPaused(paused);
    this.isPaused = paused;
    await this.bus.broadcast('canvas.paused', { paused }).catch((error: Error) => {
      this.logger.warn(`other instances were not told about the pause (${error.message}); they read it at their next start`);
    });
  }

  /** The live bitmap (row-major palette indices). Copy it before any await. */
  pixels(): Uint8Array {
    return this.state.pixels;
  }

  copyState(): CanvasStateCopy {
    const { game, version, width, height } = this.state;
    return { game, version, width, height, pixels: this.state.pixels.slice() };
  }

  onBeforeReset(listener: BeforeResetListener): void {
    this.beforeResetListeners.push(listener);
  }

  /** Queues a pixel; resolves once the change is durable (its group commit). */
  place(x: number, y: number, color: number, userId: string, userName: string): Promise<CommittedChange> {
    return this.pipeline.enqueue(x, y, color, userId, userName);
  }

  /**
   * Queues a pixel whose promise resolves, once durable, with `answerer`'s answer (the
   * placement's 201 body: no intermediate object); `notes` (CHANGE_NOTES numbers) are
   * copied beside it for the answerer (PendingBatch.note).
   */
  placeAnswered<T>(x: number, y: number, color: number, userId: string, userName: string, answerer: ChangeAnswerer<T>, notes: Float64Array): Promise<T> {
    return this.pipeline.enqueueAnswered(x, y, color, userId, userName, answerer, notes);
  }

  /**
   * Admin corrections (rollback): ordinary changes through the write pipeline, attributed
   * to no user and named `by` in the log. Enqueued together, so one commit takes them as
   * consecutive versions; resolves once durable, in the order given.
   */
  correct(pixels: ReadonlyArray<{ x: number; y: number; color: number }>, by: string): Promise<CommittedChange[]> {
    for (const p of pixels) {
      this.assertColor(p.color);
      if (!Number.isInteger(p.x) || !Number.isInteger(p.y) || p.x < 0 || p.y < 0 || p.x >= this.state.width || p.y >= this.state.height) {
        throw new ApiError(400, 'INVALID_PIXEL', `(${p.x}, ${p.y}) is outside the ${this.state.width}x${this.state.height} canvas.`);
      }
    }
    return Promise.all(pixels.map((p) => this.pipeline.enqueue(p.x, p.y, p.color, null, by)));
  }

  /**
   * Undoes the user's placement of version `undoes` at (x, y) with a new change back to
   * `color`, committed through the pipeline in order; rejects with UndoConflictError when
   * the pixel changed after it.
   */
  undo(x: number, y: number, color: number, undoes: number, userId: string, userName: string): Promise<CommittedChange> {
    return this.pipeline.enqueue(x, y, color, userId, userName, undoes);
  }

  /** The user's newest pixel change of the current game (an undo change too), from the log. */
  lastPlacementOf(userId: string): ReturnType<PlacementLogRepository['lastPlacementOf']> {
    return this.log.lastPlacementOf(userId, this.state.game);
  }

  /** The first version of the current game (its opening reset; 0 for the first game). */
  currentGameFirstVersion(): number {
    return this.games.get(this.state.game)?.firstVersion ?? 0;
  }

  /** The colour (x, y) had just before `version` in the current game. */
  async colorBefore(x: number, y: number, version: number): Promise<number> {
    const game = this.games.get(this.state.game);
    const color = await this.log.colorBefore(x, y, version, game?.firstVersion ?? 0);
    return color ?? game?.background ?? this.state.background;
  }

  /** Fills the whole canvas with `color` (admin clear), after the before-reset listeners. */
  async reset(color: number, by: string | null): Promise<number> {
    this.assertColor(color);
    await this.runBeforeReset('clear');
    const committed = await this.pipeline.enqueue(RESET_X, 0, color, null, by);
    return committed.version;
  }

  /** Archives (before-reset listeners), then starts the next game, optionally with a new size. */
  async newGame(options: { width?: number; height?: number; color?: number }, by: string | null): Promise<{ game: number; version: number }> {
    const width = options.width ?? this.state.width;
    const height = options.height ?? this.state.height;
    const color = options.color ?? this.configuration.config.canvas.backgroundColor;
    for (const [name, value] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (!Number.isInteger(value) || value < 1 || value > MAX_CANVAS_DIMENSION) {
        throw new ApiError(400, 'BAD_REQUEST', `${name} must be an integer in 1..${MAX_CANVAS_DIMENSION}`);
      }
    }
    this.assertColor(color);
    await this.runBeforeReset('new-game');
    await this.pipeline.drain();
    let started: Awaited<ReturnType<PlacementLogRepository['startGame']>>;
    try {
      started = await this.log.startGame({ width, height, background: color }, { userId: null, userName: by }, Date.now());
    } catch (error) {
      this.logger.error(`new game could not be stored: ${(error as Error).message}`);
      throw new ApiError(503, 'STORAGE_UNAVAILABLE', 'The new game could not be stored; nothing changed.');
    }
    const { game, reset } = started;
    const record = new Uint8Array(RECORD_BYTES);
    writeRecord(record, 0, RESET_X, 0, color);
    this.committed({ firstVersion: reset.version, game: game.game, placedAt: reset.placedAt, records: record, opensGame: game });
    this.logger.log(`game ${game.game} started at version ${reset.version} (${width}x${height}) by ${by ?? 'system'}`);
    return { game: game.game, version: reset.version };
  }

  takeOutbox(): Outbox | null {
    return this.applier.takeOutbox();
  }

  latestSnapshot(): CachedSnapshot {
    return this.snapshots.latest;
  }

  /** Waits for a snapshot of the current version (tests and tools). */
  async snapshotNow(): Promise<CachedSnapshot> {
    await this.snapshots.settle();
    if (this.snapshots.latest.version !== this.state.version) await this.snapshots.take();
    return this.snapshots.latest;
  }

  /** Records of versions (since, current], or null when the pool does not reach back that far. */
  recordsSince(since: number): Uint8Array | null {
    return this.pool.recordsSince(since);
  }

  /** Who made the pixel what it is now (the live colour; the author from the log). */
  async pixelOwner(x: number, y: number): Promise<PixelOwner> {
    const color = this.state.pixels[y * this.state.width + x];
    const resetVersion = this.lastResetVersion;
    const resetAt = this.lastResetAt;
    const change = await this.log.lastChangeAt(x, y, resetVersion);
    if (change) {
      return { color, version: change.version, placedAt: change.placedAt, user: change.userId ? { id: change.userId, name: change.userName ?? '' } : null };
    }
    return { color, version: resetVersion, placedAt: resetAt, user: null };
  }

  placementsSince(sinceMs: number): Promise<number> {
    return this.log.countSince(sinceMs);
  }

  /** A run this instance committed: apply it here (in order), then tell the others. */
  private committed(run: ChangeRun): void {
    if (run.opensGame) this.games.set(run.opensGame.game, run.opensGame);
    this.applier.offer(run);
    this.feed.publish(run);
  }

  private async readRuns(after: number, upTo: number): Promise<ChangeRun[]> {
    const changes = await this.log.changesAfter(after, Math.min(GAP_FILL_PAGE, Math.max(1, upTo - after)));
    if (changes.some((c) => !this.games.has(c.game))) for (const game of await this.log.games()) this.games.set(game.game, game);
    return runsFromLog(changes, (n) => this.games.get(n));
  }

  private noteReset(version: number, placedAt: number): void {
    if (version > this.lastResetVersion) {
      this.lastResetVersion = version;
      this.lastResetAt = placedAt;
    }
  }

  private assertColor(color: number): void {
    if (!Number.isInteger(color) || color < 0 || color >= this.palette.length) {
      throw new ApiError(400, 'BAD_REQUEST', `colour must be an index in 0..${this.palette.length - 1}`);
    }
  }

  private async runBeforeReset(reason: ResetReason): Promise<void> {
    if (this.beforeResetListeners.length === 0) return;
    const copy = this.copyState();
    for (const listener of this.beforeResetListeners) {
      try {
        await listener(copy, reason);
      } catch (error) {
        this.logger.error(`before-reset listener failed (${reason}): ${(error as Error).message}`);
      }
    }
  }
}
