import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { RedisChangeFeed } from '../../src/app/canvas/redis-change-feed';
import { PostgresPlacementLogRepository } from '../../src/app/canvas/postgres-placement-log.repository';
import { RedisClusterBus } from '../../src/app/cluster/redis-cluster-bus';
import { RedisService } from '../../src/app/cluster/redis.service';
import { loadAppConfig } from '../../src/app/config/app-config';
import { ConfigurationService } from '../../src/app/config/configuration.service';
import { POSTGRES_MIGRATIONS } from '../../src/app/storage/migrations/postgres';
import { PostgresDatabase } from '../../src/app/storage/postgres-database';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis';

interface Instance {
  canvas: CanvasService;
  feed: RedisChangeFeed;
  close(): Promise<void>;
}

/** Canvas services of several "instances" in one process, on one PostgreSQL database and one Redis. */
describe('canvas across instances (PostgreSQL + Redis Stream)', () => {
  let db: TestDatabase;
  const prefix = uniqueRedisPrefix('canvas');
  const running: Instance[] = [];

  async function instance(name: string): Promise<Instance> {
    const config = loadAppConfig({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      INSTANCE_ID: name,
      JWT_SECRET: 'j'.repeat(40),
      CANVAS_WIDTH: '16',
      CANVAS_HEIGHT: '8',
      GUEST_POLL_MS: '200',
      SNAPSHOT_EVERY: '10',
    });
    const database = await PostgresDatabase.open(db.url, POSTGRES_MIGRATIONS);
    const redis = await RedisService.open(TEST_REDIS_URL, prefix);
    const bus = new RedisClusterBus(redis, name);
    await bus.onModuleInit();
    const feed = new RedisChangeFeed(redis);
    const canvas = new CanvasService(new ConfigurationService(config), new PostgresPlacementLogRepository(database), feed, bus);
    await canvas.onModuleInit();
    const it: Instance = {
      canvas,
      feed,
      async close() {
        await canvas.beforeApplicationShutdown();
        await redis.onApplicationShutdown();
        await database.onApplicationShutdown();
      },
    };
    running.push(it);
    return it;
  }

  beforeAll(async () => {
    db = await createTestDatabase('sync');
  });
  afterEach(async () => {
    for (const i of running.splice(0)) await i.close();
  });
  afterAll(async () => {
    await db?.drop();
    await deleteRedisPrefix(prefix);
  });

  const same = (a: CanvasService, b: CanvasService) => a.version === b.version && Buffer.compare(Buffer.from(a.pixels()), Buffer.from(b.pixels())) === 0;

  it('every instance applies every commit, in one global order', async () => {
    const [a, b, c] = [await instance('a'), await instance('b'), await instance('c')];
    const placed = await Promise.all(Array.from({ length: 60 }, (_, i) => [a, b, c][i % 3].canvas.place(i % 16, (i >> 4) % 8, i % 32, `u${i}`, `user ${i}`)));
    const versions = placed.map((p) => p.version).sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    await expect.poll(() => [a, b, c].map((i) => i.canvas.version)).toEqual([60, 60, 60]);
    expect(same(a.canvas, b.canvas) && same(b.canvas, c.canvas)).toBe(true);
    // every instance can answer /changes from its own pool
    expect(c.canvas.recordsSince(0)!.length).toBe(60 * 5);
    expect(Buffer.compare(Buffer.from(a.canvas.recordsSince(10)!), Buffer.from(b.canvas.recordsSince(10)!))).toBe(0);
  });

  it('a run that was committed but never published (the committer died) reaches the others from the log', async () => {
    const [a, b] = [await instance('a2'), await instance('b2')];
    const start = a.canvas.version;
    a.feed.publish = () => undefined; // a dies between COMMIT and XADD, as far as b can tell
    await a.canvas.place(3, 3, 9, 'u', 'u');
    await expect.poll(() => b.canvas.version, { timeout: 5000 }).toBe(start + 1);
    expect(b.canvas.pixels()[3 * 16 + 3]).toBe(9);
  });

  it('a new game (with a new size) and a clear reach every instance; a late instance recovers the same canvas', async () => {
    const [a, b] = [await instance('a3'), await instance('b3')];
    await a.canvas.place(1, 1, 4, 'u', 'u');
    await b.canvas.newGame({ width: 8, height: 4, color: 2 }, 'admin');
    await expect.poll(() => a.canvas.width).toBe(8);
    await a.canvas.place(7, 3, 5, 'u', 'u');
    await a.canvas.reset(6, 'admin');
    await b.canvas.place(0, 0, 1, 'u', 'u');
    await expect.poll(() => same(a.canvas, b.canvas)).toBe(true);
    expect(a.canvas.game).toBe(b.canvas.game);
    const late = await instance('late');
    expect(same(late.canvas, a.canvas)).toBe(true);
    expect(late.canvas.width).toBe(8);
  });

  it('pausing on one instance pauses every instance, and survives a restart', async () => {
    const [a, b] = [await instance('a4'), await instance('b4')];
    await a.canvas.setPaused(true);
    await expect.poll(() => b.canvas.paused).toBe(true);
    const c = await instance('c4');
    expect(c.canvas.paused).toBe(true);
    await c.canvas.setPaused(false);
    await expect.poll(() => a.canvas.paused && b.canvas.paused).toBe(false);
  });
});
