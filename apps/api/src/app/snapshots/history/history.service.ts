import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { HistoryEntry, paletteToRgb } from '@pixel-wars/protocol';
import { CanvasService, CanvasStateCopy, ResetReason } from '../../canvas/canvas.service';
import { LeaderElection } from '../../cluster/leader-election';
import { ConfigurationService } from '../../config/configuration.service';
import { historyImageKey, HistoryImageStore } from './history-image-store';
import { HistoryReason, HistoryRecord, HistoryRepository } from './history.repository';
import { encodePalettePng } from './palette-png';
import { selectForDeletion } from './retention';

/** The periodic capture in the SchedulerRegistry (its period is HISTORY_EVERY_MS, hence added at run time). */
export const HISTORY_INTERVAL = 'history-snapshot';

export function toHistoryEntry(record: HistoryRecord): HistoryEntry {
  return { id: String(record.id), game: record.game, version: record.version, takenAt: record.takenAt, url: `/api/history/${record.id}.png` };
}

/**
 * History snapshots: a full-resolution palette PNG every HISTORY_EVERY_MS when the canvas
 * changed, always right before a clear or a new game, and on demand (admin /snapshot).
 * Captures run one at a time; the same (game, version) is stored once.
 */
@Injectable()
export class HistoryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HistoryService.name);
  private queue: Promise<unknown> = Promise.resolve();
  private readonly paletteRgb: Uint8Array;

  constructor(
    private readonly configuration: ConfigurationService,
    private readonly canvas: CanvasService,
    private readonly repository: HistoryRepository,
    private readonly images: HistoryImageStore,
    private readonly scheduler: SchedulerRegistry,
    private readonly leaders: LeaderElection,
  ) {
    this.paletteRgb = paletteToRgb(configuration.config.canvas.palette);
  }

  /**
   * Archiving before a clear or new game happens where the admin acts; the periodic
   * snapshot runs on one instance of a cluster at a time (the holder of the "history" lead).
   */
  onApplicationBootstrap(): void {
    this.canvas.onBeforeReset((state, reason) => this.beforeReset(state, reason));
    this.leaders.register('history', { start: () => this.startPeriodic(), stop: () => this.stopPeriodic() });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopPeriodic();
    await this.queue;
  }

  private startPeriodic(): void {
    if (this.scheduler.doesExist('interval', HISTORY_INTERVAL)) return;
    const timer = setInterval(() => void this.periodic(), this.configuration.config.history.everyMs);
    timer.unref();
    this.scheduler.addInterval(HISTORY_INTERVAL, timer);
  }

  private stopPeriodic(): void {
    if (this.scheduler.doesExist('interval', HISTORY_INTERVAL)) this.scheduler.deleteInterval(HISTORY_INTERVAL);
  }

  async list(options: { limit?: number; beforeId?: number } = {}): Promise<HistoryEntry[]> {
    return (await this.repository.list(options)).map(toHistoryEntry);
  }

  find(id: number): Promise<HistoryRecord | null> {
    return this.repository.byId(id);
  }

  /** Takes a snapshot of the live canvas now (or returns the one of this version). */
  captureNow(): Promise<HistoryEntry> {
    return this.capture(this.canvas.copyState(), 'manual');
  }

  /** Resolves once every capture queued so far is stored (tests, shutdown). */
  async settle(): Promise<void> {
    await this.queue;
  }

  private async periodic(): Promise<void> {
    try {
      const latest = await this.repository.latest();
      if (latest && latest.game === this.canvas.game && latest.version === this.canvas.version) return;
      if (!latest && this.canvas.version === 0) return; // a fresh, never painted canvas
      await this.capture(this.canvas.copyState(), 'periodic');
    } catch (error) {
      this.logger.error(`periodic history snapshot failed: ${(error as Error).message}`);
    }
  }

  private async beforeReset(state: CanvasStateCopy, reason: ResetReason): Promise<void> {
    const entry = await this.capture(state, reason);
    this.logger.log(`archived game ${entry.game} at version ${entry.version} before ${reason === 'clear' ? 'a clear' : 'a new game'}`);
  }

  /** Queues one capture; the state must already be a stable copy. */
  private capture(state: CanvasStateCopy, reason: HistoryReason): Promise<HistoryEntry> {
    const run = this.queue.then(() => this.persist(state, reason));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async persist(state: CanvasStateCopy, reason: HistoryReason): Promise<HistoryEntry> {
    const existing = await this.repository.byVersion(state.game, state.version);
    if (existing) return toHistoryEntry(existing);
    const started = performance.now();
    const png = await encodePalettePng(state, this.paletteRgb);
    const imageKey = historyImageKey(state.game, state.version);
    await this.images.put(imageKey, png);
    const record = await this.repository.insert({
      game: state.game,
      version: state.version,
      width: state.width,
      height: state.height,
      takenAt: Date.now(),
      reason,
      imageKey,
      bytes: png.length,
    });
    this.logger.log(
      `history ${record.id}: game ${record.game} v${record.version} ${state.width}x${state.height} (${reason}), ${png.length} bytes in ${Math.round(performance.now() - started)} ms`,
    );
    await this.applyRetention();
    return toHistoryEntry(record);
  }

  private async applyRetention(): Promise<void> {
    const all = await this.repository.list();
    const doomed = selectForDeletion(all, this.configuration.config.history.keep);
    if (doomed.length === 0) return;
    const byId = new Map(all.map((r) => [r.id, r]));
    const records = doomed.map((id) => byId.get(id)).filter((r): r is HistoryRecord => r !== undefined);
    await this.repository.delete(doomed);
    for (const record of records) {
      try {
        await this.images.remove(record.imageKey);
      } catch (error) {
        this.logger.warn(`history image ${record.imageKey} not deleted: ${(error as Error).message}`);
      }
    }
    this.logger.log(`history retention removed ${doomed.length} snapshot(s)`);
  }
}
