import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRecord } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { SqliteDatabase } from '../storage/sqlite-database';
import type { ChangeRun } from './change-run';
import { SqlitePlacementLogRepository } from './sqlite-placement-log.repository';
import { ChangeAnswerer, WritePipeline } from './write-pipeline';

const size = { width: 8, height: 4, background: 0 };

describe('WritePipeline with the SQLite placement log', () => {
  let dir: string;
  let database: SqliteDatabase;
  let log: SqlitePlacementLogRepository;
  let runs: ChangeRun[];
  let game: number;
  let pipeline: WritePipeline;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pixel-wars-pipeline-'));
    database = new SqliteDatabase(new ConfigurationService(loadAppConfig({ DATA_DIR: dir })));
    log = new SqlitePlacementLogRepository(database);
    await log.ensureFirstGame(size, 1);
    runs = [];
    game = 1;
    pipeline = new WritePipeline(
      log,
      () => game,
      (run) => runs.push(run),
    );
  });
  afterEach(() => {
    database.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits everything queued in one loop turn as one run of dense versions, then settles the callers', async () => {
    const a = pipeline.enqueue(1, 1, 5, 'u1', 'ann');
    const b = pipeline.enqueue(1, 1, 6, 'u2', 'ben');
    expect(runs).toEqual([]);
    const [ca, cb] = await Promise.all([a, b]);
    expect(ca.version).toBe(1);
    expect(cb).toEqual({ version: 2, placedAt: ca.placedAt });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ firstVersion: 1, game: 1 });
    expect(readRecord(runs[0].records, 1)).toEqual({ x: 1, y: 1, color: 6 });
    expect(await log.head()).toEqual({ game: 1, version: 2 });
    expect(await log.lastChangeAt(1, 1, 0)).toMatchObject({ version: 2, userId: 'u2', userName: 'ben' });
  });

  it('queues what arrives during a commit for the next one (one commit in flight)', async () => {
    const first = pipeline.enqueue(0, 0, 1, 'u', 'u');
    await new Promise((r) => setImmediate(r)); // the first commit has started
    const later = [pipeline.enqueue(1, 0, 1, 'u', 'u'), pipeline.enqueue(2, 0, 1, 'u', 'u')];
    await Promise.all([first, ...later]);
    expect(runs.map((r) => [r.firstVersion, r.records.length / 5])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('refuses a group with 503 STORAGE_UNAVAILABLE when the database cannot write, and recovers without a gap', async () => {
    await pipeline.enqueue(0, 0, 1, 'u', 'u');
    database.db.pragma('query_only = ON');
    const refused = [pipeline.enqueue(2, 2, 3, 'u', 'u'), pipeline.enqueue(3, 3, 3, 'u', 'u')];
    for (const p of refused) {
      const error = await p.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).getStatus()).toBe(503);
      expect((error as ApiError).code).toBe('STORAGE_UNAVAILABLE');
    }
    expect(runs).toHaveLength(1);
    database.db.pragma('query_only = OFF');
    expect((await pipeline.enqueue(4, 0, 2, 'u', 'u')).version).toBe(2);
  });

  it('refuses changes aimed at a game that is over with 409 GAME_CHANGED', async () => {
    await log.startGame({ width: 4, height: 2, background: 7 }, { userId: null, userName: 'admin' }, 2);
    const error = await pipeline.enqueue(1, 1, 1, 'u', 'u').catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('GAME_CHANGED');
    expect((error as ApiError).getStatus()).toBe(409);
    game = 2;
    expect((await pipeline.enqueue(1, 1, 1, 'u', 'u')).version).toBe(2);
  });

  it('drain() waits for everything queued', async () => {
    const pending = [0, 1, 2].map((x) => pipeline.enqueue(x, 0, 1, 'u', 'u'));
    await pipeline.drain();
    expect(pipeline.pendingCount).toBe(0);
    expect((await log.head()).version).toBe(3);
    await Promise.all(pending);
  });

  it('answers every change of a turn in queue order, undos committed in segments, answerers and refusals mixed', async () => {
    await pipeline.enqueue(1, 1, 5, 'u1', 'ann'); // v1
    await pipeline.enqueue(2, 2, 6, 'u2', 'ben'); // v2
    const answerer: ChangeAnswerer<string> = {
      committed: (batch, i) => `v${batch.version[i]}:${batch.userId[i]}:${batch.note(i, 0)}/${batch.note(i, 3)}`,
      refused: (_batch, i, refusal) => Promise.reject(new Error(`${i} ${refusal.message}`)),
    };
    const outcome = <T>(p: Promise<T>) =>
      p.then(
        (v) => v,
        (e: Error) => e.constructor.name,
      );
    const sent = [
      outcome(pipeline.enqueueAnswered(0, 0, 1, 'a', 'A', answerer, new Float64Array([10, 11, 12, 13]))), // v3
      outcome(pipeline.enqueue(2, 2, 0, 'u2', 'ben', 2)), // v4: undo of v2
      outcome(pipeline.enqueueAnswered(3, 0, 2, 'b', 'B', answerer, new Float64Array([20, 21, 22, 23]))), // v5
      outcome(pipeline.enqueue(1, 1, 0, 'u1', 'ann', 1)), // v6: undo of v1 ((1, 1) unchanged since)
      outcome(pipeline.enqueue(2, 2, 7, 'u2', 'ben', 2)), // refused: v4 changed (2, 2) after v2
      outcome(pipeline.enqueueAnswered(4, 0, 3, 'c', 'C', answerer, new Float64Array([30, 31, 32, 33]))), // v7
    ];
    const answers = await Promise.all(sent);
    expect(answers[0]).toBe('v3:a:10/13');
    expect(answers[1]).toMatchObject({ version: 4 });
    expect(answers[2]).toBe('v5:b:20/23');
    expect(answers[3]).toMatchObject({ version: 6 });
    expect(answers[4]).toBe('UndoConflictError');
    expect(answers[5]).toBe('v7:c:30/33');
    expect(runs.map((r) => [r.firstVersion, r.records.length / 5])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 1],
      [7, 1],
    ]);
    expect(await log.head()).toEqual({ game: 1, version: 7 });
  });

  it('reuses its batches turn after turn without mixing answers', async () => {
    const answerer: ChangeAnswerer<number> = {
      committed: (batch, i) => batch.note(i, 0) * 1000 + batch.version[i],
      refused: (_batch, _i, refusal) => Promise.reject(refusal),
    };
    let version = 0;
    for (let turn = 0; turn < 6; turn++) {
      const size = 1 + turn * 37; // grows the columns past their first capacity
      const answers = await Promise.all(
        Array.from({ length: size }, (_, i) => pipeline.enqueueAnswered(i % 8, i % 4, 1, `u${i}`, 'n', answerer, new Float64Array([i, 0, 0, 0]))),
      );
      expect(answers).toEqual(Array.from({ length: size }, (_, i) => i * 1000 + version + i + 1));
      version += size;
    }
    expect((await log.head()).version).toBe(version);
    expect(await log.lastChangeAt(4, 0, 0)).toMatchObject({ userId: expect.stringMatching(/^u\d+$/) });
  });
});
