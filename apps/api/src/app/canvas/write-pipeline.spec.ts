import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeBatchFrame, encodeBatchFrame, readRecord } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { SqliteDatabase } from '../storage/sqlite-database';
import { CanvasState } from './canvas-state';
import { ChangePool } from './change-pool';
import { recoverCanvas } from './canvas-recovery';
import { SqlitePlacementLogRepository } from './sqlite-placement-log.repository';
import { WritePipeline } from './write-pipeline';

describe('WritePipeline with the SQLite placement log', () => {
  let dir: string;
  let database: SqliteDatabase;
  let log: SqlitePlacementLogRepository;
  let state: CanvasState;
  let pool: ChangePool;
  let pipeline: WritePipeline;
  let commits = 0;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pixel-wars-pipeline-'));
    database = new SqliteDatabase(new ConfigurationService(loadAppConfig({ DATA_DIR: dir })));
    log = new SqlitePlacementLogRepository(database);
    state = recoverCanvas(log, { width: 8, height: 4, background: 0 }).state;
    pool = new ChangePool(100, 1);
    pipeline = new WritePipeline(state, log, pool, () => commits++);
  });
  afterEach(() => {
    database.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies nothing before the commit, then dense versions in order', async () => {
    const a = pipeline.enqueue(1, 1, 5, 'u1', 'ann');
    const b = pipeline.enqueue(1, 1, 6, 'u2', 'ben');
    expect(state.pixels[9]).toBe(0);
    expect(state.version).toBe(0);
    expect(pipeline.flush(1000)).toBe(2);
    expect(await a).toEqual({ version: 1, placedAt: 1000 });
    expect(await b).toEqual({ version: 2, placedAt: 1000 });
    expect(state.pixels[9]).toBe(6); // the later write wins
    expect(commits).toBe(1);
    const outbox = pipeline.takeOutbox()!;
    const frame = decodeBatchFrame(encodeBatchFrame(outbox.firstVersion, outbox.records));
    expect(frame.firstVersion).toBe(1);
    expect(readRecord(frame.records, 1)).toEqual({ x: 1, y: 1, color: 6 });
    expect(pipeline.takeOutbox()).toBeNull();
    expect(log.lastVersion()).toBe(2);
    expect(log.lastChangeAt(1, 1, 0)).toMatchObject({ version: 2, userId: 'u2', userName: 'ben' });
  });

  it('refuses a group with 503 STORAGE_UNAVAILABLE when the database cannot write, and recovers without a gap', async () => {
    pipeline.enqueue(0, 0, 1, 'u', 'u');
    pipeline.flush();
    database.db.pragma('query_only = ON');
    const refused = [pipeline.enqueue(2, 2, 3, 'u', 'u'), pipeline.enqueue(3, 3, 3, 'u', 'u')];
    expect(pipeline.flush()).toBe(0);
    for (const p of refused) {
      const error = await p.catch((e) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).getStatus()).toBe(503);
      expect((error as ApiError).code).toBe('STORAGE_UNAVAILABLE');
    }
    expect(state.version).toBe(1);
    expect(state.pixels[2 * 8 + 2]).toBe(0);
    expect(pipeline.takeOutbox()!.records.length).toBe(5); // only the first, committed change
    database.db.pragma('query_only = OFF');
    const next = pipeline.enqueue(4, 0, 2, 'u', 'u');
    pipeline.flush();
    expect((await next).version).toBe(2);
  });

  it('replays the log into the same canvas after a restart, including new games', async () => {
    pipeline.enqueue(1, 0, 3, 'u', 'u');
    pipeline.flush();
    pipeline.startGame(4, 2, 7, null, 'admin');
    pipeline.enqueue(3, 1, 9, 'u', 'u');
    pipeline.flush();
    const recovered = recoverCanvas(log, { width: 8, height: 4, background: 0 }).state;
    expect(recovered).toMatchObject({ width: 4, height: 2, version: 3, game: 2 });
    expect(Array.from(recovered.pixels)).toEqual(Array.from(state.pixels));
    expect(recovered.pixels[1 * 4 + 3]).toBe(9);
  });
});
