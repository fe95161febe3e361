import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TestDatabase } from '../../../test/support/postgres';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../test/support/redis';
import { PostgresRefreshFamiliesRepository } from './postgres-refresh-families.repository';
import { SessionEvents } from './session-events';
import { RedisClusterBus } from '../cluster/redis-cluster-bus';
import { RedisService } from '../cluster/redis.service';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { POSTGRES_MIGRATIONS } from '../storage/migrations/postgres';
import { PostgresDatabase } from '../storage/postgres-database';
import { PostgresUsersRepository } from './postgres-users.repository';
import { BANNED_FOREVER } from './user';
import { UsersService } from './users.service';

/** One "instance": its own pool, Redis connections, bus and UsersService, sharing the database and Redis. */
interface Instance {
  users: UsersService;
  ejected: string[];
  database: PostgresDatabase;
  redis: RedisService;
}

describe('UsersService across instances (PostgreSQL + Redis bus)', () => {
  let pg: TestDatabase;
  let dataDir: string;
  const prefix = uniqueRedisPrefix('users');
  let a: Instance;
  let b: Instance;

  async function startInstance(id: string): Promise<Instance> {
    const configuration = new ConfigurationService(
      loadAppConfig({
        DATA_DIR: dataDir,
        DATABASE_URL: pg.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        INSTANCE_ID: id,
        JWT_SECRET: 'j'.repeat(40),
      }),
    );
    const database = await PostgresDatabase.open(pg.url, POSTGRES_MIGRATIONS);
    const redis = await RedisService.open(TEST_REDIS_URL, prefix);
    const bus = new RedisClusterBus(redis, id);
    await bus.onModuleInit();
    const events = new SessionEvents();
    const ejected: string[] = [];
    events.onEject((userId, reason) => ejected.push(`${userId}:${reason}`));
    const users = new UsersService(new PostgresUsersRepository(database), new PostgresRefreshFamiliesRepository(database), events, configuration, bus);
    await users.onModuleInit();
    return { users, ejected, database, redis };
  }

  async function stopInstance(instance: Instance | undefined): Promise<void> {
    if (!instance) return;
    await instance.users.onModuleDestroy();
    await instance.redis.onApplicationShutdown();
    await instance.database.onApplicationShutdown();
  }

  beforeAll(async () => {
    pg = await createTestDatabase('users_cluster');
    dataDir = mkdtempSync(join(tmpdir(), 'pixel-wars-users-cluster-'));
    [a, b] = await Promise.all([startInstance('inst-a'), startInstance('inst-b')]);
  });
  afterAll(async () => {
    await stopInstance(a);
    await stopInstance(b);
    await pg?.drop();
    await deleteRedisPrefix(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const newUser = async (name: string) => (await a.users.upsertDevUser({ email: `${name}@dev.local`, name, avatarUrl: null })).id;

  it("a ban on one instance reaches the other one's in-memory check; an unban there reaches back", async () => {
    const userId = await newUser('ban-me');
    expect(b.users.isBanned(userId)).toBe(false);
    expect(await a.users.ban(userId, null, 'tg:1')).toBe(true);
    expect(a.users.isBanned(userId)).toBe(true);
    await expect.poll(() => b.users.bannedUntil(userId), { timeout: 5000 }).toBe(BANNED_FOREVER);
    // only the instance that banned ejects its own sockets; B just refreshes its mirror
    expect(a.ejected).toEqual([`${userId}:banned`]);
    expect(b.ejected).toEqual([]);

    expect(await b.users.unban(userId, 'tg:2')).toBe(true);
    expect(b.users.isBanned(userId)).toBe(false);
    await expect.poll(() => a.users.isBanned(userId), { timeout: 5000 }).toBe(false);
  });

  it('ended sessions on one instance invalidate access tokens checked on the other', async () => {
    const userId = await newUser('end-me');
    const session = (await b.users.nextSession(userId))!;
    expect(a.users.isSessionValid(userId, session)).toBe(true);
    expect(await b.users.endSessions(userId)).toBe(true);
    expect(b.users.isSessionValid(userId, session)).toBe(false);
    await expect.poll(() => a.users.isSessionValid(userId, session), { timeout: 5000 }).toBe(false);
    const next = (await a.users.nextSession(userId))!;
    expect(a.users.isSessionValid(userId, next)).toBe(true);
    expect(b.users.isSessionValid(userId, next)).toBe(true);
  });

  it('the periodic resync repairs a change whose message was lost', async () => {
    const userId = await newUser('lost-message');
    // written straight to the database: no bus message at all
    await a.database.query('UPDATE users SET banned_until = $2, sessions_valid_from = 5 WHERE id = $1', [userId, BANNED_FOREVER]);
    expect(b.users.isBanned(userId)).toBe(false);
    await b.users.resyncMirrors();
    expect(b.users.isBanned(userId)).toBe(true);
    expect(b.users.isSessionValid(userId, 4)).toBe(false);
  });

  it('parallel sign-ins of one new person on both instances make one account', async () => {
    const profile = { email: 'twice@dev.local', name: 'Twice', avatarUrl: null };
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => a.users.upsertDevUser(profile)),
      ...Array.from({ length: 5 }, () => b.users.upsertDevUser(profile)),
    ]);
    expect(new Set(results.map((u) => u.id)).size).toBe(1);
    const sub = await Promise.all([a.users.upsertGoogleUser('g-sub-twice', profile), b.users.upsertGoogleUser('g-sub-twice', profile)]);
    expect(sub[0].id).toBe(sub[1].id);
  });

  it('pixel counts flushed by both instances add up', async () => {
    const userId = await newUser('painter');
    for (let i = 0; i < 7; i++) a.users.notePixelPlaced(userId, 1000 + i);
    for (let i = 0; i < 5; i++) b.users.notePixelPlaced(userId, 2000 + i);
    await Promise.all([a.users.flushPixelCounts(), b.users.flushPixelCounts()]);
    expect(await a.users.findById(userId)).toMatchObject({ pixelsPlaced: 12 });
  });
});
