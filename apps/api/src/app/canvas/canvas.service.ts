import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MAX_CANVAS_DIMENSION, RESET_X } from '@pixel-wars/protocol';
import { deflateSync } from 'node:zlib';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';
import { CanvasState } from './canvas-state';
import { recoverCanvas } from './canvas-recovery';
import { CachedSnapshot, CanvasSnapshots } from './canvas-snapshots';
import { ChangePool } from './change-pool';
import { PlacementLogRepository } from './placement-log.repository';
import { CommittedChange, Outbox, WritePipeline } from './write-pipeline';

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

/**
 * The canvas: live bitmap, dense versions, the ordered write pipeline, the change pool
 * and the periodic snapshots. Changes are committed by `commitPending()` once per tick.
 */
@Injectable()
export class CanvasService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(CanvasService.name);
  private state!: CanvasState;
  private pool!: ChangePool;
  private pipeline!: WritePipeline;
  private snapshots!: CanvasSnapshots;
  private readonly beforeResetListeners: BeforeResetListener[] = [];
  private isPaused = false;
  private lastResetVersion = 0;
  private lastResetAt: number | null = null;

  constructor(
    private readonly configuration: ConfigurationService,
    private readonly log: PlacementLogRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const { canvas } = this.configuration.config;
    const recovered = recoverCanvas(this.log, { width: canvas.width, height: canvas.height, background: canvas.backgroundColor });
    this.state = recovered.state;
    this.lastResetVersion = recovered.lastResetVersion;
    this.lastResetAt = recovered.lastResetAt;
    this.pool = new ChangePool(canvas.poolSize, this.state.version + 1);
    this.snapshots = new CanvasSnapshots(
      this.state,
      this.pool,
      this.log,
      { every: canvas.snapshotEvery, freshnessMs: this.configuration.config.guestPollMs, checkpointEvery: canvas.checkpointEvery },
      recovered.checkpointVersion,
    );
    this.pipeline = new WritePipeline(this.state, this.log, this.pool, () => this.snapshots.onCommitted());
    await this.snapshots.start();
  }

  /** Commits what is queued and leaves a checkpoint, so the next start replays nothing. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.pipeline) return;
    this.pipeline.flush();
    this.snapshots.stop();
    await this.snapshots.settle();
    try {
      this.log.saveCheckpoint({
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

  setPaused(paused: boolean): void {
    this.isPaused = paused;
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

  /** Queues a pixel; resolves once the change is durable (at the next tick). */
  place(x: number, y: number, color: number, userId: string, userName: string): Promise<CommittedChange> {
    return this.pipeline.enqueue(x, y, color, userId, userName);
  }

  /** Fills the whole canvas with `color` (admin clear), after the before-reset listeners. */
  async reset(color: number, by: string | null): Promise<number> {
    this.assertColor(color);
    await this.runBeforeReset('clear');
    const committed = await this.pipeline.enqueue(RESET_X, 0, color, null, by);
    this.noteReset(committed);
    return committed.version;
  }

  /** Archives (before-reset listeners), then starts the next game, optionally with a new size. */
  async newGame(options: { width?: number; height?: number; color?: number }, by: string | null): Promise<{ game: number; version: number }> {
    const width = options.width ?? this.state.width;
    const height = options.height ?? this.state.height;
    const color = options.color ?? this.configuration.config.canvas.backgroundColor;
    for (const [name, value] of [['width', width], ['height', height]] as const) {
      if (!Number.isInteger(value) || value < 1 || value > MAX_CANVAS_DIMENSION) {
        throw new ApiError(400, 'BAD_REQUEST', `${name} must be an integer in 1..${MAX_CANVAS_DIMENSION}`);
      }
    }
    this.assertColor(color);
    await this.runBeforeReset('new-game');
    const resized = width !== this.state.width || height !== this.state.height;
    const committed = this.pipeline.startGame(width, height, color, null, by);
    this.noteReset(committed);
    if (resized) this.snapshots.replaceWithUniformCanvas();
    else void this.snapshots.take();
    this.logger.log(`game ${this.state.game} started at version ${committed.version} (${width}x${height}) by ${by ?? 'system'}`);
    return { game: this.state.game, version: committed.version };
  }

  /** Commits queued changes (group commit); called once per tick before the broadcast. */
  commitPending(): number {
    return this.pipeline.flush();
  }

  takeOutbox(): Outbox | null {
    return this.pipeline.takeOutbox();
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

  pixelOwner(x: number, y: number): PixelOwner {
    const color = this.state.pixels[y * this.state.width + x];
    const change = this.log.lastChangeAt(x, y, this.lastResetVersion);
    if (change) {
      return { color, version: change.version, placedAt: change.placedAt, user: change.userId ? { id: change.userId, name: change.userName ?? '' } : null };
    }
    return { color, version: this.lastResetVersion, placedAt: this.lastResetAt, user: null };
  }

  placementsSince(sinceMs: number): number {
    return this.log.countSince(sinceMs);
  }

  private noteReset(committed: CommittedChange): void {
    if (committed.version > this.lastResetVersion) {
      this.lastResetVersion = committed.version;
      this.lastResetAt = committed.placedAt;
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
