import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implementationFor, OpenedStorage, STORAGE_BACKENDS } from '../../../../test/support/storage-backends';
import type { Database } from '../../storage/database';
import { HistoryRecord, HistoryRepository } from './history.repository';
import { PostgresHistoryRepository } from './postgres-history.repository';
import { SqliteHistoryRepository } from './sqlite-history.repository';

let nextVersion = 1;
const snapshot = (game: number, version = nextVersion++): Omit<HistoryRecord, 'id'> => ({
  game,
  version,
  width: 64,
  height: 48,
  takenAt: 1_765_000_000_000 + version,
  reason: 'periodic',
  imageKey: `g${game}-v${version}.png`,
  bytes: 1234,
});

describe.each(STORAGE_BACKENDS)('HistoryRepository contract on $name', (backend) => {
  let storage: OpenedStorage<Database>;
  let repo: HistoryRepository;

  beforeAll(async () => {
    storage = await backend.open('history');
    repo = implementationFor<HistoryRepository>(storage.db, {
      sqlite: (db) => new SqliteHistoryRepository(db),
      postgres: (db) => new PostgresHistoryRepository(db),
    });
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('stores a snapshot and finds it by id, by version and as the latest', async () => {
    const stored = await repo.insert({ ...snapshot(1, 5_000_000_000), reason: 'manual' });
    expect(stored).toEqual({ id: expect.any(Number), ...snapshot(1, 5_000_000_000), reason: 'manual' });
    expect(await repo.byId(stored.id)).toEqual(stored);
    expect(await repo.byVersion(1, 5_000_000_000)).toEqual(stored);
    expect(await repo.latest()).toEqual(stored);
    expect(await repo.byVersion(2, 5_000_000_000)).toBeNull();
    expect(await repo.byId(stored.id + 1000)).toBeNull();
  });

  it('stores a (game, version) once: a second insert, even in parallel, gets the first row', async () => {
    const first = await repo.insert(snapshot(3, 77));
    expect(await repo.insert({ ...snapshot(3, 77), reason: 'clear' })).toEqual(first);
    const parallel = await Promise.all(Array.from({ length: 8 }, () => repo.insert(snapshot(3, 78))));
    expect(new Set(parallel.map((r) => r.id)).size).toBe(1);
    expect((await repo.list()).filter((r) => r.game === 3)).toHaveLength(2);
  });

  it('lists newest first, pages backwards, and never reuses an id after deletions', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await repo.insert(snapshot(4))).id);
    const all = await repo.list();
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => b - a));
    expect((await repo.list({ limit: 2 })).map((r) => r.id)).toEqual([ids[4], ids[3]]);
    expect((await repo.list({ limit: 2, beforeId: ids[3] })).map((r) => r.id)).toEqual([ids[2], ids[1]]);
    await repo.delete([ids[4], ids[1]]);
    await repo.delete([]);
    expect(await repo.byId(ids[4])).toBeNull();
    expect((await repo.list({ beforeId: ids[4] + 1, limit: 3 })).map((r) => r.id)).toEqual([ids[3], ids[2], ids[0]]);
    const next = await repo.insert(snapshot(4));
    expect(next.id).toBeGreaterThan(ids[4]);
    expect((await repo.latest())?.id).toBe(next.id);
  });
});
