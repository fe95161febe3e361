import { Logger } from '@nestjs/common';
import { assembleSnapshot, SNAPSHOT_HEADER_BYTES } from '@pixel-wars/protocol';
import { promisify } from 'node:util';
import { deflate, deflateSync } from 'node:zlib';
import { CanvasState } from './canvas-state';
import { ChangePool } from './change-pool';
import { PlacementLogRepository } from './placement-log.repository';

const deflateAsync = promisify(deflate);
/** zlib level 6: ~55 ms / 500 KB for a busy 2000x2000 canvas, on the libuv thread pool. */
const SNAPSHOT_LEVEL = 6;

export interface CachedSnapshot {
  version: number;
  game: number;
  width: number;
  height: number;
  /** The complete docs/protocol.md 2.2 snapshot. */
  bytes: Buffer;
  etag: string;
  takenAt: number;
}

export interface SnapshotPolicy {
  every: number;
  /** A periodic snapshot waits until the last one is this old (0: never waits). */
  minIntervalMs: number;
  freshnessMs: number;
  checkpointEvery: number;
}

/**
 * Periodic compressed snapshots: every N versions but no sooner than `minIntervalMs` after
 * the last one (at thousands of placements/s, 100 versions would mean tens of compressions
 * a second; the pool reaches back to the previous snapshot whatever the gap), and when the
 * canvas changed and the last one is older than the guest poll interval. Compression runs on node's zlib
 * thread pool, never on the event loop. Every snapshot also bounds the change pool,
 * and every `checkpointEvery` versions one becomes a durable checkpoint.
 */
export class CanvasSnapshots {
  private readonly logger = new Logger('CanvasSnapshots');
  private current: CachedSnapshot | null = null;
  private previousVersion = 0;
  private inFlight: Promise<void> | null = null;
  private again = false;
  private lastCheckpointVersion: number;
  private timer: NodeJS.Timeout | null = null;
  private deferred: NodeJS.Timeout | null = null;

  constructor(
    private readonly state: CanvasState,
    private readonly pool: ChangePool,
    private readonly log: PlacementLogRepository,
    private readonly policy: SnapshotPolicy,
    initialCheckpointVersion: number,
  ) {
    this.lastCheckpointVersion = initialCheckpointVersion;
  }

  get latest(): CachedSnapshot {
    if (!this.current) throw new Error('no snapshot yet: CanvasSnapshots.start() was not awaited');
    return this.current;
  }

  async start(): Promise<void> {
    await this.take();
    const interval = Math.max(50, Math.floor(this.policy.freshnessMs / 4));
    this.timer = setInterval(() => this.onTimer(), interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.deferred) clearTimeout(this.deferred);
    this.timer = null;
    this.deferred = null;
  }

  /** Called after every commit. */
  onCommitted(): void {
    if (this.state.version - this.latestVersion() < this.policy.every || this.deferred) return;
    const wait = this.policy.minIntervalMs - (Date.now() - (this.current?.takenAt ?? -Infinity));
    if (wait <= 0) {
      void this.take();
      return;
    }
    this.deferred = setTimeout(() => {
      this.deferred = null;
      if (this.state.version !== this.latestVersion()) void this.take();
    }, wait);
    this.deferred.unref();
  }

  /** Takes a snapshot now (coalesces with one already running). */
  take(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.capture().finally(() => {
      this.inFlight = null;
      if (this.again) {
        this.again = false;
        if (this.state.version !== this.latestVersion()) void this.take();
      }
    });
    return this.inFlight;
  }

  /**
   * Replaces the snapshot synchronously. Only for a freshly reset canvas (a new game
   * with a new size), which is uniform and compresses in milliseconds: the pool has
   * just restarted, so the old snapshot can no longer be followed by a delta.
   */
  replaceWithUniformCanvas(): void {
    const { width, height, version, game } = this.state;
    const assembled = assembleSnapshot({ width, height, version }, deflateSync(this.state.pixels, { level: 1 }));
    const bytes = Buffer.from(assembled.buffer, assembled.byteOffset, assembled.byteLength);
    this.previousVersion = version;
    this.current = { version, game, width, height, bytes, etag: `"pxw-${game}-${version}"`, takenAt: Date.now() };
  }

  /** Waits for any running snapshot (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private latestVersion(): number {
    return this.current?.version ?? -1;
  }

  private onTimer(): void {
    const current = this.current;
    if (current && this.state.version !== current.version && Date.now() - current.takenAt >= this.policy.freshnessMs) void this.take();
  }

  private async capture(): Promise<void> {
    const { width, height, version, game } = this.state;
    const pixels = Buffer.from(this.state.pixels); // copy: the bitmap keeps changing while zlib works
    let body: Buffer;
    try {
      body = await deflateAsync(pixels, { level: SNAPSHOT_LEVEL });
    } catch (error) {
      this.logger.error(`snapshot compression failed: ${(error as Error).message}`);
      return;
    }
    const assembled = assembleSnapshot({ width, height, version }, body);
    const bytes = Buffer.from(assembled.buffer, assembled.byteOffset, assembled.byteLength);
    if (this.current && (this.current.version > version || this.current.game !== game)) return;
    this.previousVersion = this.current?.version ?? version;
    this.current = { version, game, width, height, bytes, etag: `"pxw-${game}-${version}"`, takenAt: Date.now() };
    this.pool.trim(this.previousVersion);
    if (version - this.lastCheckpointVersion >= this.policy.checkpointEvery) this.checkpoint(this.current);
  }

  /** Durable in the background; a failed one only means a longer replay at the next start. */
  private checkpoint(snapshot: CachedSnapshot): void {
    this.lastCheckpointVersion = snapshot.version;
    this.log
      .saveCheckpoint({
        version: snapshot.version,
        game: snapshot.game,
        width: snapshot.width,
        height: snapshot.height,
        zlibPixels: snapshot.bytes.subarray(SNAPSHOT_HEADER_BYTES),
      })
      .catch((error: Error) => this.logger.warn(`checkpoint at version ${snapshot.version} not saved: ${error.message}`));
  }
}
