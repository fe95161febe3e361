import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqlitePlacementLogRepository } from '../canvas/sqlite-placement-log.repository';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { SqliteDatabase } from '../storage/sqlite-database';
import { HeatWindow } from './heat-window';

describe('HeatWindow (incremental counts over a sliding window, on the SQLite log)', () => {
  let dir: string;
  let database: SqliteDatabase;
  let log: SqlitePlacementLogRepository;
  const target = (head: number, game = 1, firstVersion = 0) => ({ game, firstVersion, width: 4, height: 2, head });
  const px = (x: number, y: number) => ({ x, y, color: 1, userId: 'u', userName: 'u' });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'heat-window-'));
    database = new SqliteDatabase(new ConfigurationService(loadAppConfig({ DATA_DIR: dir })));
    log = new SqlitePlacementLogRepository(database);
    await log.ensureFirstGame({ width: 4, height: 2, background: 0 }, 0);
  });
  afterEach(() => {
    database.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds what entered the window and subtracts what left it, reading only the deltas', async () => {
    const heat = new HeatWindow(log, 1000);
    await log.commitRun(1, [px(0, 0), px(0, 0), px(3, 1)], 10_000); // v1-3
    expect(Array.from(await heat.update(target(3), 10_500))).toEqual([2, 0, 0, 0, 0, 0, 0, 1]);
    await log.commitRun(1, [px(1, 0)], 10_800); // v4
    await log.commitRun(1, [px(0, 0)], 11_200); // v5
    const reads: Array<[number, number]> = [];
    const read = log.pixelsInVersions.bind(log);
    log.pixelsInVersions = (game, from, to) => (reads.push([from, to]), read(game, from, to));
    // at 11,500 the window starts at 10,500: v1-3 left, v4-5 entered
    expect(Array.from(await heat.update(target(5), 11_500))).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(reads).toEqual([
      [1, 4],
      [4, 6],
    ]);
    expect(Array.from(await heat.update(target(5), 11_600))).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(reads).toHaveLength(2);
  });

  it('starts over for a new game', async () => {
    const heat = new HeatWindow(log, 60_000);
    await log.commitRun(1, [px(2, 1)], 10_000); // v1
    expect(Array.from(await heat.update(target(1), 10_001))[6]).toBe(1);
    await log.startGame({ width: 4, height: 2, background: 0 }, { userId: null, userName: null }, 10_002); // v2
    await log.commitRun(2, [px(1, 1)], 10_003); // v3
    expect(Array.from(await heat.update(target(3, 2, 2), 10_004))).toEqual([0, 0, 0, 0, 0, 1, 0, 0]);
  });
});
