import { Injectable } from '@nestjs/common';
import { CanvasService } from '../canvas/canvas.service';
import { PlacementLogRepository } from '../canvas/placement-log.repository';
import { Area, pixelKey, PixelHistoryRepository } from '../pixel-history/pixel-history.repository';

export interface RollbackRequest {
  userId: string;
  sinceMs: number;
  /** Clipped to the canvas; null = the whole canvas. */
  rect: Area | null;
}

export interface RollbackPixel {
  x: number;
  y: number;
  /** The colour now (the user's). */
  from: number;
  /** The colour it returns to. */
  to: number;
}

export interface RollbackPlan {
  request: RollbackRequest;
  /** The log version the plan was read at. */
  atVersion: number;
  pixels: RollbackPixel[];
}

export interface RollbackResult {
  affected: number;
  fromVersion: number;
  toVersion: number;
}

/**
 * Rollback (docs/protocol.md 9): every pixel whose current colour the user placed at or after
 * `sinceMs` returns to the colour it had just before that user's first placement there in
 * the window. Read from the placement log (one query), written as ordinary changes.
 */
@Injectable()
export class RollbackService {
  constructor(
    private readonly canvas: CanvasService,
    private readonly log: PlacementLogRepository,
    private readonly history: PixelHistoryRepository,
  ) {}

  /** What a rollback would change now (a dry run). */
  async plan(request: RollbackRequest): Promise<RollbackPlan> {
    const { version } = await this.log.head();
    // Nothing before the last reset (a clear or the game's start) is rolled back past it.
    const reset = await this.log.lastReset();
    const resetColor = reset?.color ?? this.canvas.backgroundColor;
    const area = this.clip(request.rect);
    if (!area) return { request, atVersion: version, pixels: [] };
    const candidates = await this.history.rollbackCandidates(request.userId, request.sinceMs, area, reset?.version ?? 0, version);
    const live = this.canvas.pixels();
    const width = this.canvas.width;
    return {
      request,
      atVersion: version,
      pixels: candidates.map((c) => ({ x: c.x, y: c.y, from: live[c.y * width + c.x], to: c.before ?? resetColor })),
    };
  }

  /**
   * Writes the plan, less the pixels someone changed after it was read; resolves once
   * durable. Nothing written: both versions are the current one.
   */
  async apply(plan: RollbackPlan, by: string): Promise<RollbackResult> {
    let pixels = plan.pixels;
    if (pixels.length > 0) {
      const changedSince = await this.history.latestChanges(
        pixels.map((p) => pixelKey(p.x, p.y)),
        plan.atVersion,
        pixels.length,
      );
      if (changedSince.length > 0) {
        const changed = new Set(changedSince.map((c) => pixelKey(c.x, c.y)));
        pixels = pixels.filter((p) => !changed.has(pixelKey(p.x, p.y)));
      }
    }
    if (pixels.length === 0) return { affected: 0, fromVersion: this.canvas.version, toVersion: this.canvas.version };
    const committed = await this.canvas.correct(
      pixels.map((p) => ({ x: p.x, y: p.y, color: p.to })),
      by,
    );
    let fromVersion = Infinity;
    let toVersion = 0;
    for (const { version } of committed) {
      fromVersion = Math.min(fromVersion, version);
      toVersion = Math.max(toVersion, version);
    }
    return { affected: pixels.length, fromVersion, toVersion };
  }

  private clip(rect: Area | null): Area | null {
    const { width, height } = this.canvas;
    if (!rect) return { x: 0, y: 0, width, height };
    const x = Math.max(0, rect.x);
    const y = Math.max(0, rect.y);
    const right = Math.min(width, rect.x + rect.width);
    const bottom = Math.min(height, rect.y + rect.height);
    return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
  }
}
