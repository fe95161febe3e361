import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RESET_X } from '@pixel-wars/protocol';
import { implementationFor, OpenedStorage, STORAGE_BACKENDS } from '../../../test/support/storage-backends';
import { PlacementLogRepository } from '../canvas/placement-log.repository';
import { PostgresPlacementLogRepository } from '../canvas/postgres-placement-log.repository';
import { SqlitePlacementLogRepository } from '../canvas/sqlite-placement-log.repository';
import type { Database } from '../storage/database';
import { Area, pixelKey, PixelHistoryRepository } from './pixel-history.repository';
import { PostgresPixelHistoryRepository } from './postgres-pixel-history.repository';
import { SqlitePixelHistoryRepository } from './sqlite-pixel-history.repository';

const W = 4;
const H = 3;
const USERS = ['a', 'b', 'c'];

interface Placement {
  x: number;
  y: number;
  color: number;
  user: string;
  /** Milliseconds after the previous placement. */
  dt: number;
}

interface Placed extends Placement {
  version: number;
  at: number;
}

/** The replay model of docs/protocol.md 9's rollback, pixel by pixel, from the list of placements. */
function modelRollback(log: Placed[], user: string, since: number, area: Area): Array<{ x: number; y: number; version: number; before: number | null }> {
  const out = [];
  for (let y = area.y; y < area.y + area.height; y++) {
    for (let x = area.x; x < area.x + area.width; x++) {
      const here = log.filter((p) => p.x === x && p.y === y);
      const last = here.at(-1);
      if (!last || last.user !== user || last.at < since) continue;
      const first = here.findIndex((p) => p.user === user && p.at >= since);
      out.push({ x, y, version: last.version, before: first > 0 ? here[first - 1].color : null });
    }
  }
  return out;
}

const placement = fc.record({
  x: fc.integer({ min: 0, max: W - 1 }),
  y: fc.integer({ min: 0, max: H - 1 }),
  color: fc.integer({ min: 0, max: 4 }),
  user: fc.constantFrom(...USERS),
  dt: fc.integer({ min: 0, max: 3 }),
});

const area = fc.option(
  fc
    .record({ x: fc.integer({ min: 0, max: W - 1 }), y: fc.integer({ min: 0, max: H - 1 }) })
    .chain(({ x, y }) =>
      fc.record({ x: fc.constant(x), y: fc.constant(y), width: fc.integer({ min: 1, max: W - x }), height: fc.integer({ min: 1, max: H - y }) }),
    ),
  { nil: null },
);

describe.each(STORAGE_BACKENDS)('PixelHistoryRepository on $name', (backend) => {
  let storage: OpenedStorage<Database>;
  let log: PlacementLogRepository;
  let history: PixelHistoryRepository;

  beforeAll(async () => {
    storage = await backend.open('pixel-history');
    log = implementationFor<PlacementLogRepository>(storage.db, {
      sqlite: (db) => new SqlitePlacementLogRepository(db),
      postgres: (db) => new PostgresPlacementLogRepository(db),
    });
    history = implementationFor<PixelHistoryRepository>(storage.db, {
      sqlite: (db) => new SqlitePixelHistoryRepository(db),
      postgres: (db) => new PostgresPixelHistoryRepository(db),
    });
    await log.ensureFirstGame({ width: W, height: H, background: 9 }, 0);
  });
  afterAll(() => storage?.close());

  async function emptyLog(): Promise<void> {
    await storage.exec('DELETE FROM canvas_changes');
    if (backend.name === 'postgres') await storage.exec('UPDATE canvas_head SET version = 0');
  }

  /** Commits each placement as its own run (its own time); returns them with versions and times. */
  async function place(placements: Placement[], start = 1000): Promise<Placed[]> {
    const placed: Placed[] = [];
    let at = start;
    for (const p of placements) {
      at += p.dt;
      const version = await log.commitRun(1, [{ x: p.x, y: p.y, color: p.color, userId: p.user, userName: `name-${p.user}` }], at);
      placed.push({ ...p, version, at });
    }
    return placed;
  }

  beforeEach(emptyLog);

  it('rollback candidates match a replay model, with placements by others interleaved', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(placement, { maxLength: 30 }), fc.integer({ min: 0, max: 60 }), area, async (placements, offset, rect) => {
        await emptyLog();
        const placed = await place(placements);
        const since = 1000 + offset;
        const whole = rect ?? { x: 0, y: 0, width: W, height: H };
        const head = placed.at(-1)?.version ?? 0;
        const got = await history.rollbackCandidates('a', since, whole, 0, head);
        expect(got).toEqual(modelRollback(placed, 'a', since, whole));
      }),
      { numRuns: backend.name === 'sqlite' ? 200 : 40 },
    );
  });

  it('rollback looks neither past the last reset nor beyond the version it is read at', async () => {
    await place([{ x: 1, y: 1, color: 3, user: 'b', dt: 0 }]);
    const [reset] = await place([{ x: RESET_X, y: 0, color: 7, user: 'admin', dt: 1 }]);
    const [first] = await place([{ x: 1, y: 1, color: 4, user: 'a', dt: 1 }]);
    const whole = { x: 0, y: 0, width: W, height: H };
    expect(await history.rollbackCandidates('a', 0, whole, reset.version, first.version)).toEqual([{ x: 1, y: 1, version: first.version, before: null }]);
    const [later] = await place([{ x: 1, y: 1, color: 2, user: 'c', dt: 1 }]);
    expect(await history.rollbackCandidates('a', 0, whole, reset.version, later.version)).toEqual([]);
    expect(await history.rollbackCandidates('a', 0, whole, reset.version, first.version)).toEqual([{ x: 1, y: 1, version: first.version, before: null }]);
  });

  it('latestChanges answers the newest change per pixel, most recent first, limited', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(placement, { maxLength: 30 }),
        fc.uniqueArray(fc.integer({ min: 0, max: W * H - 1 }), { maxLength: W * H }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 12 }),
        async (placements, cells, after, limit) => {
          await emptyLog();
          const placed = await place(placements);
          const keys = cells.map((c) => pixelKey(c % W, Math.floor(c / W)));
          const expected = cells
            .map((c) => placed.filter((p) => p.x === c % W && p.y === Math.floor(c / W) && p.version > after).at(-1))
            .filter((p): p is Placed => p !== undefined)
            .sort((p, q) => q.version - p.version)
            .slice(0, limit)
            .map((p) => ({ x: p.x, y: p.y, version: p.version, color: p.color, userId: p.user, userName: `name-${p.user}`, placedAt: p.at }));
          expect(await history.latestChanges(keys, after, limit)).toEqual(expected);
        },
      ),
      { numRuns: backend.name === 'sqlite' ? 100 : 25 },
    );
  });

  it('latestChanges handles more pixels than one statement takes', async () => {
    const placed = await place([
      { x: 2, y: 1, color: 1, user: 'a', dt: 0 },
      { x: 0, y: 0, color: 2, user: 'b', dt: 1 },
    ]);
    const keys = Array.from({ length: 70_000 }, (_, i) => pixelKey(i % 4000, 5 + Math.floor(i / 4000)));
    keys.push(pixelKey(0, 0), pixelKey(2, 1));
    const got = await history.latestChanges(keys, 0, 5);
    expect(got.map((c) => c.version)).toEqual([placed[1].version, placed[0].version]);
  });

  it('topPlacers counts placements (not resets) per user: most first, ties by the earlier last placement', async () => {
    await place([
      { x: 0, y: 0, color: 1, user: 'b', dt: 0 },
      { x: 1, y: 0, color: 1, user: 'a', dt: 1 },
      { x: RESET_X, y: 0, color: 1, user: 'a', dt: 1 },
      { x: 2, y: 0, color: 1, user: 'c', dt: 1 },
      { x: 2, y: 0, color: 2, user: 'c', dt: 1 },
      { x: 3, y: 0, color: 1, user: 'b', dt: 1 },
      { x: 3, y: 1, color: 1, user: 'a', dt: 1 },
    ]);
    const top = await history.topPlacers(0, 10);
    expect(top.map((p) => [p.userId, p.pixels])).toEqual([
      ['c', 2],
      ['b', 2],
      ['a', 2],
    ]);
    // b's first placement undone by an undo change: neither counts any more.
    const [undo] = await place([{ x: 0, y: 0, color: 0, user: 'b', dt: 1 }]);
    await storage.exec('UPDATE canvas_changes SET undoes = ? WHERE version = ?', [undo.version - 7, undo.version]);
    expect((await history.topPlacers(0, 10)).map((p) => [p.userId, p.pixels])).toEqual([
      ['c', 2],
      ['a', 2],
      ['b', 1],
    ]);
    expect(await history.topPlacers(3, 2)).toMatchObject([
      { userId: 'c', pixels: 2, userName: 'name-c' },
      { userId: 'b', pixels: 1 },
    ]);
  });
});
