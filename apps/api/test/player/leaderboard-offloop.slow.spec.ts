import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlitePlacementLogRepository } from '../../src/app/canvas/sqlite-placement-log.repository';
import { talliesSql } from '../../src/app/canvas/tallies.sql';
import { loadAppConfig } from '../../src/app/config/app-config';
import { ConfigurationService } from '../../src/app/config/configuration.service';
import { SqliteDatabase } from '../../src/app/storage/sqlite-database';
import { RESET_X } from '@pixel-wars/protocol';

const PLACEMENTS = 1_000_000;
const PLAYERS = 5_000;

/** The longest gap between 2 ms timer callbacks while `work` runs: how long the event loop was held. */
async function longestLoopGap<T>(work: () => Promise<T>): Promise<{ result: T; gapMs: number; elapsedMs: number }> {
  const started = performance.now();
  let last = started;
  let gapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
  }, 2);
  const result = await work();
  clearInterval(timer);
  const end = performance.now();
  return { result, gapMs: Math.max(gapMs, end - last), elapsedMs: end - started };
}

/**
 * The game-long ranking over a log of 1,000,000 placements (SQLite): the aggregate takes
 * seconds, and it must not hold the event loop that serves placements and ticks.
 */
describe('leaderboard tallies over a long SQLite log', () => {
  let dir: string;
  let database: SqliteDatabase;
  let log: SqlitePlacementLogRepository;
  let game: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pw-tallies-'));
    database = new SqliteDatabase(new ConfigurationService(loadAppConfig({ DATA_DIR: dir })));
    log = new SqlitePlacementLogRepository(database);
    const started = await log.startGame({ width: 1024, height: 1024, background: 0 }, { userId: null, userName: null }, Date.now());
    game = started.game.game;
    const insert = database.db.prepare(
      'INSERT INTO canvas_changes (version, game, x, y, color, user_id, user_name, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const first = started.reset.version + 1;
    const now = Date.now();
    database.db.transaction(() => {
      for (let i = 0; i < PLACEMENTS; i++) {
        const player = (i * 7919) % PLAYERS;
        insert.run(first + i, game, i % 1024, (i >> 10) % 1024, i % 16, `u${player}`, `Player ${player}`, now);
      }
    })();
  }, 300_000);

  afterAll(async () => {
    await database?.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranks every player without holding the event loop (the same query on the loop holds it for its whole run)', async () => {
    const onLoop = database.db.prepare(talliesSql('version').replace(/\$\d/g, '?')).raw();
    const synchronous = await longestLoopGap(async () => onLoop.all(game, 0, RESET_X));
    await log.tallies(game, Date.now() + 60_000); // the read worker is up (it starts on the first query)
    const offLoop = await longestLoopGap(() => log.tallies(game, 0));

    console.log(
      `tallies over ${PLACEMENTS.toLocaleString('en')} placements: on the loop ${synchronous.elapsedMs.toFixed(0)} ms, loop held ${synchronous.gapMs.toFixed(0)} ms; ` +
        `off the loop ${offLoop.elapsedMs.toFixed(0)} ms, loop held at most ${offLoop.gapMs.toFixed(0)} ms`,
    );
    expect(offLoop.result).toHaveLength(PLAYERS);
    expect(offLoop.result.reduce((sum, t) => sum + t.pixels, 0)).toBe(PLACEMENTS);
    expect(offLoop.result.map((t) => [t.userId, t.pixels, t.lastVersion])).toEqual(
      (synchronous.result as [string, string, number, number][]).map((r) => [r[0], r[2], r[3]]),
    );
    expect(synchronous.gapMs).toBeGreaterThan(200);
    expect(offLoop.gapMs).toBeLessThan(Math.max(100, synchronous.gapMs / 5));
  });
});
