import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app/bootstrap';
import { loadAppConfig } from '../../src/app/config/app-config';
import type { TestApp } from './test-app';

/** Shared by every app of one test cluster, so an access token from one verifies on all. */
export const CLUSTER_TEST_JWT_SECRET = 'cluster-test-secret-cluster-test-secret-0123456789';

/**
 * The real application with its hot state (presence, queue, cooldowns, rate limits, bus)
 * in Redis under `keyPrefix`, as one of several instances; durable state stays in its own
 * SQLite directory. Until every repository has its PostgreSQL implementation this is how
 * several instances of the hot state can run as real apps in one test: the configuration
 * guard that REDIS_URL needs DATABASE_URL is bypassed here on purpose. The canvases are NOT
 * one game (each app has its own placement log; their change feeds share the Redis
 * prefix), so tests using this check statuses, presence and limits, never canvas content.
 */
export async function startHotStateApp(instanceId: string, redis: { url: string; keyPrefix: string }, env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'pixel-wars-hot-'));
  const config = loadAppConfig({
    DATA_DIR: dir,
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
  config.redis = redis;
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
