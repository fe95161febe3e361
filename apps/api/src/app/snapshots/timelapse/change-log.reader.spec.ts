import { RESET_X } from '@pixel-wars/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementationFor, OpenedStorage, STORAGE_BACKENDS } from '../../../../test/support/storage-backends';
import type { Database } from '../../storage/database';
import { ChangeLogReader } from './change-log';
import { PostgresChangeLogReader } from './postgres-change-log.reader';
import { SqliteChangeLogReader } from './sqlite-change-log.reader';

describe.each(STORAGE_BACKENDS)('ChangeLogReader contract on $name', (backend) => {
  let storage: OpenedStorage<Database>;
  let log: ChangeLogReader;

  beforeAll(async () => {
    storage = await backend.open('changelog');
    log = implementationFor<ChangeLogReader>(storage.db, {
      sqlite: (db) => new SqliteChangeLogReader(db.db),
      postgres: (db) => new PostgresChangeLogReader(db),
    });
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('reads nothing from an empty log', async () => {
    expect(await log.games()).toEqual([]);
    expect(await log.latestGame()).toBeNull();
    expect(await log.extent(1)).toEqual({ changes: 0, lastVersion: 0 });
  });

  it('reads games, extents and pages in version order', async () => {
    const game = 'INSERT INTO canvas_games (game, width, height, background, first_version, started_at) VALUES (?, ?, ?, ?, ?, ?)';
    const change = 'INSERT INTO canvas_changes (version, game, x, y, color, placed_at) VALUES (?, ?, ?, ?, ?, 0)';
    await storage.exec(game, [1, 16, 12, 31, 0, 1_765_000_000_000]);
    for (let v = 1; v <= 7; v++) await storage.exec(change, [v, 1, v, v + 1, v % 32]);
    await storage.exec(game, [2, 9, 5, 27, 8, 1_765_000_100_000]);
    await storage.exec(change, [8, 2, RESET_X, 0, 27]);
    await storage.exec(change, [9, 2, 4, 2, 6]);

    expect(await log.games()).toEqual([
      { game: 1, width: 16, height: 12, background: 31, firstVersion: 0, startedAt: 1_765_000_000_000 },
      { game: 2, width: 9, height: 5, background: 27, firstVersion: 8, startedAt: 1_765_000_100_000 },
    ]);
    expect((await log.latestGame())?.game).toBe(2);
    expect((await log.game(1))?.width).toBe(16);
    expect(await log.game(3)).toBeNull();
    expect(await log.extent(1)).toEqual({ changes: 7, lastVersion: 7 });
    expect(await log.countChanges(2)).toBe(2);
    expect(await log.page(1, 2, 6, 3)).toEqual([
      { version: 3, x: 3, y: 4, color: 3 },
      { version: 4, x: 4, y: 5, color: 4 },
      { version: 5, x: 5, y: 6, color: 5 },
    ]);
    expect((await log.page(1, 5, 6, 100)).map((c) => c.version)).toEqual([6]);
    expect(await log.page(2, 7, 9, 10)).toEqual([
      { version: 8, x: RESET_X, y: 0, color: 27 },
      { version: 9, x: 4, y: 2, color: 6 },
    ]);
  });
});
