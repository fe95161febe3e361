import { Injectable, Logger } from '@nestjs/common';
import { assembleSnapshot, HeatmapWindow } from '@pixel-wars/protocol';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { CanvasService } from '../canvas/canvas.service';
import { PlacementLogRepository } from '../canvas/placement-log.repository';
import { RefreshingCache } from '../common/refreshing-cache';
import { heatBytes } from './heat-scale';
import { HeatWindow } from './heat-window';

const deflateAsync = promisify(deflate);

const WINDOW_MS: Record<HeatmapWindow, number> = { hour: 3_600_000, day: 86_400_000 };
/** How long a heatmap is served before it is recomputed in the background. */
export const HEATMAP_CACHE_MS: Record<HeatmapWindow, number> = { hour: 10_000, day: 60_000 };

export interface CachedHeatmap {
  version: number;
  bytes: Buffer;
  etag: string;
}

/**
 * Activity snapshots (docs/protocol.md 2.2 format, bytes = heat) of the current game: counts
 * per window kept incrementally from the placement log (HeatWindow), refreshed per
 * instance at most every HEATMAP_CACHE_MS, compressed on the libuv pool; requests only
 * ever read the cached bytes (or wait for the very first).
 */
@Injectable()
export class HeatmapService {
  private readonly logger = new Logger(HeatmapService.name);
  private readonly heatmaps = new RefreshingCache<string, CachedHeatmap>(
    (key) => HEATMAP_CACHE_MS[key.split(':')[1] as HeatmapWindow],
    (key) => this.compute(key),
    (key, error) => this.logger.warn(`heatmap ${key} not refreshed: ${error.message}`),
  );

  private readonly windows: Record<HeatmapWindow, HeatWindow>;

  constructor(
    private readonly canvas: CanvasService,
    log: PlacementLogRepository,
  ) {
    this.windows = { hour: new HeatWindow(log, WINDOW_MS.hour), day: new HeatWindow(log, WINDOW_MS.day) };
  }

  get(window: HeatmapWindow): Promise<CachedHeatmap> {
    const game = this.canvas.game;
    this.heatmaps.drop((key) => !key.startsWith(`${game}:`));
    return this.heatmaps.get(`${game}:${window}`);
  }

  /** Drops the cached heatmaps (tests). */
  forget(): void {
    this.heatmaps.clear();
  }

  private async compute(key: string): Promise<CachedHeatmap> {
    const [game, window] = key.split(':') as [string, HeatmapWindow];
    const { width, height, version } = this.canvas;
    const computedAt = Date.now();
    const target = { game: Number(game), firstVersion: this.canvas.currentGameFirstVersion(), width, height, head: version };
    const counts = await this.windows[window].update(target, computedAt);
    const body = await deflateAsync(heatBytes(counts, Buffer.alloc(width * height)), { level: 6 });
    const assembled = assembleSnapshot({ width, height, version }, body);
    return {
      version,
      bytes: Buffer.from(assembled.buffer, assembled.byteOffset, assembled.byteLength),
      etag: `"heat-${window}-${game}-${version}-${computedAt}"`,
    };
  }
}
