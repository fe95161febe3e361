import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createApp } from '../../src/app/bootstrap';
import { loadAppConfig } from '../../src/app/config/app-config';
import { createTestDatabase, TestDatabase } from './postgres';
import type { TestApp } from './test-app';

/** Shared by every app of one test cluster, so an access token from one verifies on all. */
export const CLUSTER_TEST_JWT_SECRET = 'cluster-test-secret-cluster-test-secret-0123456789';

/** One PostgreSQL database per Redis key prefix: the apps of one test cluster share both. */
const databases = new Map<string, Promise<TestDatabase>>();
afterAll(async () => {
  for (const database of databases.values()) await (await database).drop();
  databases.clear();
});

/**
 * The real application as one of several instances: durable state in a PostgreSQL test
 * database and hot state (presence, queue, cooldowns, rate limits, bus, change stream) in
 * Redis under `keyPrefix` — every app started with the same prefix serves the same game.
 */
export async function startHotStateApp(instanceId: string, redis: { url: string; keyPrefix: string }, env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'pixel-wars-hot-'));
  if (!databases.has(redis.keyPrefix)) databases.set(redis.keyPrefix, createTestDatabase('hot'));
  const database = await databases.get(redis.keyPrefix)!;
  const config = loadAppConfig({
    DATA_DIR: dir,
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.keyPrefix,
    CANVAS_WIDTH: '64',
    CANVAS_HEIGHT: '48',
    TICK_MS: '10',
    COOLDOWN_MS: '0',
    RATE_LIMIT_PER_MIN: '100000',
    AUTH_RATE_LIMIT_PER_MIN: '100000',
    WEB_DIST_DIR: join(dir, 'no-web'),
    JWT_SECRET: CLUSTER_TEST_JWT_SECRET,
    INSTANCE_ID: instanceId,
    ...env,
  });
  const app = await createApp(config, ['error']);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    url: `http://127.0.0.1:${address.port}`,
    dataDir: dir,
    async close(options = {}) {
      await app.close();
      if (!options.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}
