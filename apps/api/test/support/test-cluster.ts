import { Cluster, startCluster } from '../../../../tools/cluster/cluster.mjs';
import { createTestDatabase } from './postgres';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from './redis';
import { buildApiOnce } from './server-process';

export const TEST_CLUSTER_JWT_SECRET = 'test-cluster-secret-test-cluster-secret-0123456789';

export interface TestCluster extends Cluster {
  redisPrefix: string;
  dispose(): Promise<void>;
}

/**
 * The built server as `instances` processes on a fresh PostgreSQL database and a fresh
 * Redis key prefix, behind Debian's nginx (tools/cluster/cluster.mjs, as `npm run cluster`).
 */
export async function startTestCluster(options: {
  instances: number;
  env?: Record<string, string>;
  redisUrl?: string;
  databaseUrl?: string;
}): Promise<TestCluster> {
  const main = buildApiOnce();
  const database = options.databaseUrl ? null : await createTestDatabase('cluster');
  const redisPrefix = uniqueRedisPrefix('cluster');
  const cluster = await startCluster({
    instances: options.instances,
    main,
    databaseUrl: options.databaseUrl ?? database!.url,
    redisUrl: options.redisUrl ?? TEST_REDIS_URL,
    env: {
      NODE_ENV: 'test',
      REDIS_KEY_PREFIX: redisPrefix,
      JWT_SECRET: TEST_CLUSTER_JWT_SECRET,
      CANVAS_WIDTH: '64',
      CANVAS_HEIGHT: '48',
      TICK_MS: '20',
      COOLDOWN_MS: '0',
      GUEST_POLL_MS: '500',
      RATE_LIMIT_PER_MIN: '1000000',
      AUTH_RATE_LIMIT_PER_MIN: '1000000',
      FEEDBACK_RATE_LIMIT_PER_MIN: '1000000',
      MAX_SOCKETS_PER_IP: '10000',
      ...options.env,
    },
  });
  return Object.assign(cluster, {
    redisPrefix,
    async dispose() {
      await cluster.stop();
      await database?.drop();
      if (!options.redisUrl) await deleteRedisPrefix(redisPrefix);
    },
  });
}
