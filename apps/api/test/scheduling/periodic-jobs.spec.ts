import { SchedulerRegistry } from '@nestjs/schedule';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFRESH_FAMILY_PURGE } from '../../src/app/auth/refresh-family-purge';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { METRICS_SAMPLER, MetricsService } from '../../src/app/health/metrics.service';
import { HISTORY_INTERVAL, HistoryService } from '../../src/app/snapshots/history/history.service';
import { devSignIn, waitFor } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';

/** Milliseconds of a Node interval (`_idleTimeout` is how Node itself keeps the period). */
const periodOf = (timer: unknown) => (timer as { _idleTimeout: number })._idleTimeout;

describe('periodic jobs on @nestjs/schedule', () => {
  let t: TestApp;
  let registry: SchedulerRegistry;

  beforeAll(async () => {
    t = await startTestApp({ HISTORY_EVERY_MS: '1000' });
    registry = t.app.get(SchedulerRegistry);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers the history snapshot (period from HISTORY_EVERY_MS), the refresh-family purge and the 1 s metrics sampler', () => {
    expect(registry.getIntervals()).toEqual(expect.arrayContaining([HISTORY_INTERVAL, REFRESH_FAMILY_PURGE, METRICS_SAMPLER]));
    expect(periodOf(registry.getInterval(HISTORY_INTERVAL))).toBe(1000);
    expect(periodOf(registry.getInterval(REFRESH_FAMILY_PURGE))).toBe(6 * 3_600_000);
    expect(periodOf(registry.getInterval(METRICS_SAMPLER))).toBe(1000);
  });

  it('the history interval archives a changed canvas', async () => {
    await t.app.get(CanvasService).place(3, 3, 4, 'schedule-test', 'schedule test');
    const version = t.app.get(CanvasService).version;
    await expect.poll(async () => (await t.app.get(HistoryService).list()).some((e) => e.version === version), { timeout: 3000, interval: 20 }).toBe(true);
  });

  it('the metrics sampler closes a window every second', async () => {
    const metrics = t.app.get(MetricsService);
    metrics.addRealtimeBytes(50_000);
    await waitFor(() => metrics.bytesPerSecond() > 0, 2500, 20);
  });

  it('the purge runs at start-up: a refresh family that ended two days ago is gone', async () => {
    const first = await startTestApp();
    expect(await devSignIn(first.url, 'purge-me')).not.toBeNull();
    await first.close({ keepData: true });
    const file = join(first.dataDir, 'pixel-wars.db');
    const families = () => {
      const db = new Database(file);
      try {
        return db.prepare('SELECT COUNT(*) FROM refresh_families').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    const db = new Database(file);
    db.prepare('UPDATE refresh_families SET revoked_at = ?').run(Date.now() - 2 * 86_400_000);
    db.close();
    expect(families()).toBe(1);
    const second = await startTestApp({}, first.dataDir);
    try {
      expect(families()).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('every interval is cleared at shutdown', async () => {
    const other = await startTestApp();
    const otherRegistry = other.app.get(SchedulerRegistry);
    expect(otherRegistry.getIntervals().length).toBeGreaterThanOrEqual(3);
    await other.close();
    expect(otherRegistry.getIntervals()).toEqual([]);
  });
});
