import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

interface Window {
  ttl: number;
  startedAt: number;
  current: number;
  previous: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * O(1) rate-limit counters: a sliding-window estimate from two fixed windows
 * (previous × remaining share + current). The throttler's default storage keeps one
 * timestamp per hit and filters them on every request, which costs O(hits in the
 * window) per request — measured to halve `GET /api/canvas` throughput under load.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private readonly sweep = setInterval(() => this.evictIdle(Date.now()), SWEEP_EVERY_MS);

  constructor() {
    this.sweep.unref();
  }

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, _throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window) {
      window = { ttl, startedAt: now, current: 0, previous: 0 };
      this.windows.set(key, window);
    } else if (now - window.startedAt >= ttl) {
      const elapsedWindows = Math.floor((now - window.startedAt) / ttl);
      window.previous = elapsedWindows === 1 ? window.current : 0;
      window.current = 0;
      window.startedAt += elapsedWindows * ttl;
    }
    const remainingShare = 1 - (now - window.startedAt) / ttl;
    const estimate = window.previous * remainingShare + window.current;
    const timeToExpire = Math.max(1, Math.ceil((window.startedAt + ttl - now) / 1000));
    if (estimate + 1 > limit) {
      return { totalHits: Math.ceil(estimate) + 1, timeToExpire, isBlocked: true, timeToBlockExpire: timeToExpire };
    }
    window.current++;
    return { totalHits: Math.ceil(estimate) + 1, timeToExpire, isBlocked: false, timeToBlockExpire: 0 };
  }

  private evictIdle(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= 2 * window.ttl) this.windows.delete(key);
    }
  }
}
