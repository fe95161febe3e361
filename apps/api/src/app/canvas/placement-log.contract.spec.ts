import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESET_X } from '@pixel-wars/protocol';
import { createTestDatabase, TestDatabase } from '../../../test/support/postgres';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { POSTGRES_MIGRATIONS } from '../storage/migrations/postgres';
import { PostgresDatabase } from '../storage/postgres-database';
import { SqliteDatabase } from '../storage/sqlite-database';
import { GameChangedError, PlacementLogRepository, UndoConflictError } from './placement-log.repository';
import { PostgresPlacementLogRepository } from './postgres-placement-log.repository';
import { SqlitePlacementLogRepository } from './sqlite-placement-log.repository';

interface Backend {
  /** Two repositories on one database (PostgreSQL: two pools, like two instances). */
  open(): Promise<{ log: PlacementLogRepository; other: PlacementLogRepository; close(): Promise<void> }>;
}

const sqlite: Backend = {
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'pixel-wars-log-'));
    const database = new SqliteDatabase(new ConfigurationService(loadAppConfig({ DATA_DIR: dir })));
    const log = new SqlitePlacementLogRepository(database);
    return {
      log,
      other: log,
      async close() {
        database.onApplicationShutdown();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const databases: TestDatabase[] = [];
const postgres: Backend = {
  async open() {
    const t = await createTestDatabase('log');
    databases.push(t);
    const [a, b] = [await PostgresDatabase.open(t.url, POSTGRES_MIGRATIONS), await PostgresDatabase.open(t.url, POSTGRES_MIGRATIONS)];
    return {
      log: new PostgresPlacementLogRepository(a),
      other: new PostgresPlacementLogRepository(b),
      async close() {
        await a.onApplicationShutdown();
        await b.onApplicationShutdown();
      },
    };
  },
};

afterAll(async () => {
  for (const t of databases) await t.drop();
});

const size = { width: 8, height: 4, background: 31 };
const px = (x: number, y: number, color: number, user = 'u1') => ({ x, y, color, userId: user, userName: `name-${user}` });

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
])('PlacementLogRepository on %s', (_name, backend) => {
  let log: PlacementLogRepository;
  let other: PlacementLogRepository;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ log, other, close } = await backend.open());
    await log.ensureFirstGame(size, 100);
    await other.ensureFirstGame(size, 101); // a second instance starting: no second game 1
  });
  afterEach(() => close());

  it('starts with game 1 at version 0', async () => {
    expect(await log.head()).toEqual({ game: 1, version: 0 });
    expect(await log.games()).toEqual([{ game: 1, ...size, firstVersion: 0, startedAt: 100 }]);
  });

  it('assigns dense versions in commit order and reads them back', async () => {
    expect(await log.commitRun(1, [px(1, 1, 5), px(2, 1, 6, 'u2')], 1000)).toBe(1);
    expect(await other.commitRun(1, [px(3, 3, 7)], 1001)).toBe(3);
    expect(await log.head()).toEqual({ game: 1, version: 3 });
    const changes = await other.changesAfter(0, 10);
    expect(changes.map((c) => [c.version, c.x, c.y, c.color, c.userId, c.userName, c.placedAt])).toEqual([
      [1, 1, 1, 5, 'u1', 'name-u1', 1000],
      [2, 2, 1, 6, 'u2', 'name-u2', 1000],
      [3, 3, 3, 7, 'u1', 'name-u1', 1001],
    ]);
    expect((await log.changesAfter(1, 1)).map((c) => c.version)).toEqual([2]);
    expect(await log.lastChangeAt(2, 1, 0)).toMatchObject({ version: 2, color: 6 });
    expect(await log.lastChangeAt(2, 1, 2)).toBeNull();
    expect(await log.countSince(1001)).toBe(1);
  });

  it('keeps versions dense and unique under concurrent commits from two instances', async () => {
    const commits = Array.from({ length: 40 }, (_, i) => (i % 2 ? log : other).commitRun(1, [px(i % 8, 0, i % 32), px(i % 8, 1, i % 32)], 2000 + i));
    const firsts = await Promise.all(commits);
    expect([...firsts].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => 1 + 2 * i));
    const all = await log.changesAfter(0, 1000);
    expect(all.map((c) => c.version)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('refuses a run aimed at a finished game and commits nothing of it', async () => {
    await log.commitRun(1, [px(0, 0, 1)], 10);
    const { game, reset } = await other.startGame({ width: 4, height: 2, background: 7 }, { userId: null, userName: 'admin' }, 20);
    expect(game).toEqual({ game: 2, width: 4, height: 2, background: 7, firstVersion: 2, startedAt: 20 });
    expect(reset).toMatchObject({ version: 2, game: 2, x: RESET_X, y: 0, color: 7, userName: 'admin' });
    await expect(log.commitRun(1, [px(1, 1, 1)], 30)).rejects.toBeInstanceOf(GameChangedError);
    expect(await log.head()).toEqual({ game: 2, version: 2 });
    expect(await log.commitRun(2, [px(1, 1, 1)], 30)).toBe(3);
    expect(await log.lastReset()).toMatchObject({ version: 2, color: 7 });
    expect((await log.games()).map((g) => g.game)).toEqual([1, 2]);
  });

  it('keeps the newest checkpoints, ignores a duplicate version, and stores the pause flag', async () => {
    for (const version of [5, 10, 10, 15]) {
      await log.saveCheckpoint({ version, game: 1, width: 2, height: 1, zlibPixels: new Uint8Array([version, 1, 2]) });
    }
    const latest = await other.latestCheckpoint();
    expect(latest).toMatchObject({ version: 15, game: 1, width: 2, height: 1 });
    expect(Array.from(latest!.zlibPixels)).toEqual([15, 1, 2]);
    expect(await log.paused()).toBe(false);
    await log.setPaused(true);
    expect(await other.paused()).toBe(true);
    await other.setPaused(false);
    expect(await log.paused()).toBe(false);
  });

  it('undo: the colour before, a conditional commit, and the newest change of a user', async () => {
    await log.commitRun(1, [px(1, 1, 5, 'a')], 1000); // v1
    await log.commitRun(1, [px(1, 1, 6, 'b')], 1001); // v2
    expect(await log.colorBefore(1, 1, 2, 0)).toBe(5);
    expect(await log.colorBefore(1, 1, 1, 0)).toBeNull();
    expect(await log.lastPlacementOf('b', 1)).toMatchObject({ version: 2, x: 1, y: 1, color: 6, undoes: null, placedAt: 1001 });
    await expect(other.commitUndo(1, px(1, 1, 31, 'a'), 1, 1002)).rejects.toBeInstanceOf(UndoConflictError); // b painted over
    expect(await log.head()).toEqual({ game: 1, version: 2 });
    expect(await other.commitUndo(1, px(1, 1, 5, 'b'), 2, 1003)).toBe(3);
    expect(await log.lastPlacementOf('b', 1)).toMatchObject({ version: 3, color: 5, undoes: 2 });
    await expect(log.commitUndo(1, px(1, 1, 5, 'b'), 2, 1004)).rejects.toBeInstanceOf(UndoConflictError); // twice
    expect(await log.lastPlacementOf('b', 2)).toBeNull();
    // a reset after the placement blocks its undo; the reset's colour is what came before later placements
    await log.commitRun(1, [px(4, 2, 9, 'c')], 1005); // v4
    await log.commitRun(1, [{ x: RESET_X, y: 0, color: 3, userId: null, userName: 'admin' }], 1006); // v5
    await expect(log.commitUndo(1, px(4, 2, 31, 'c'), 4, 1007)).rejects.toBeInstanceOf(UndoConflictError);
    await log.commitRun(1, [px(4, 2, 8, 'c')], 1008); // v6
    expect(await log.colorBefore(4, 2, 6, 0)).toBe(3);
    // a new game: the opening reset's colour; the old game's placements are not the user's in it
    const { game } = await log.startGame(size, { userId: null, userName: null }, 1009); // v7
    expect(await log.lastPlacementOf('c', game.game)).toBeNull();
    await log.commitRun(2, [px(4, 2, 1, 'c')], 1010); // v8
    expect(await log.colorBefore(4, 2, 8, game.firstVersion)).toBe(31);
    await expect(log.commitUndo(1, px(4, 2, 31, 'c'), 8, 1011)).rejects.toBeInstanceOf(GameChangedError);
  });

  it('tallies placements per user of one game: undone ones not counted, ties by the earlier last placement', async () => {
    await log.commitRun(1, [px(0, 0, 1, 'a'), px(1, 0, 1, 'b'), px(2, 0, 1, 'a')], 1000); // v1-3
    await log.commitRun(1, [px(3, 0, 1, 'b'), { x: 4, y: 0, color: 1, userId: 'c', userName: 'old-c' }], 2000); // v4-5
    await log.commitRun(1, [px(5, 0, 1, 'c')], 2500); // v6
    await other.commitUndo(1, px(5, 0, 31, 'c'), 6, 2600); // v7: c's v6 undone
    await log.commitRun(1, [{ x: RESET_X, y: 0, color: 2, userId: 'a', userName: 'name-a' }], 2700); // resets are not pixels
    expect(await log.tallies(1, 0)).toEqual([
      { userId: 'a', userName: 'name-a', pixels: 2, lastVersion: 3 },
      { userId: 'b', userName: 'name-b', pixels: 2, lastVersion: 4 },
      { userId: 'c', userName: 'old-c', pixels: 1, lastVersion: 5 },
    ]);
    expect(await other.tallies(1, 2000)).toEqual([
      { userId: 'b', userName: 'name-b', pixels: 1, lastVersion: 4 },
      { userId: 'c', userName: 'old-c', pixels: 1, lastVersion: 5 },
    ]);
    expect(await log.tallies(2, 0)).toEqual([]);
  });

  it('finds the first version of a time and reads pixel coordinates by version range (resets and other games excluded)', async () => {
    expect(await log.firstVersionFrom(0)).toBe(1);
    await log.commitRun(1, [px(0, 0, 1), px(5, 2, 2), px(7, 3, 1)], 1000); // v1-3
    await log.commitRun(1, [px(6, 1, 3), { x: RESET_X, y: 0, color: 2, userId: null, userName: null }], 2000); // v4-5
    await log.commitRun(1, [px(1, 1, 3)], 3000); // v6
    expect(await other.firstVersionFrom(0)).toBe(1);
    expect(await other.firstVersionFrom(1000)).toBe(1);
    expect(await other.firstVersionFrom(1001)).toBe(4);
    expect(await other.firstVersionFrom(2500)).toBe(6);
    expect(await other.firstVersionFrom(3001)).toBe(7);
    const some = await other.pixelsInVersions(1, 2, 6);
    expect([Array.from(some.x), Array.from(some.y)]).toEqual([
      [5, 7, 6],
      [2, 3, 1],
    ]);
    await log.startGame(size, { userId: null, userName: null }, 4000); // v7
    await log.commitRun(2, [px(3, 3, 3)], 5000); // v8
    expect(Array.from((await log.pixelsInVersions(1, 1, 100)).x)).toEqual([0, 5, 7, 6, 1]);
    expect(Array.from((await log.pixelsInVersions(2, 1, 100)).x)).toEqual([3]);
  });
});
