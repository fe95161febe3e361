import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test (or worktree) uses; pass it as REDIS_KEY_PREFIX. */
export function uniqueRedisPrefix(label = 't'): string {
  return `pwt:${label.replace(/\W/g, '').slice(0, 20)}:${randomBytes(5).toString('hex')}:`;
}

/** Deletes every key under `prefix` (never FLUSHDB: other tests share the server). */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
