import type { ThrottlerStorage } from '@nestjs/throttler';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../test/support/redis';
import { startPrivateRedis } from '../../../test/support/private-services';
import { SlidingWindowThrottlerStorage } from '../common/sliding-window-throttler.storage';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RedisService } from './redis.service';

const T0 = 1_000_000;

describe('RedisThrottlerStorage', () => {
  const prefix = uniqueRedisPrefix('rl');
  let services: RedisService[];

  beforeAll(async () => {
    services = await Promise.all([0, 1].map(() => RedisService.open(TEST_REDIS_URL, prefix)));
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    await deleteRedisPrefix(prefix);
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  // the same sliding-window semantics as the in-process storage, with the hits spread over two instances
  const both = (): Array<[string, () => ThrottlerStorage[]]> => [
    ['in process', () => [new SlidingWindowThrottlerStorage()].flatMap((s) => [s, s])],
    ['Redis, two instances', () => services.map((s) => new RedisThrottlerStorage(s, new SlidingWindowThrottlerStorage()))],
  ];

  for (const [label, make] of both()) {
    it(`${label}: lets \`limit\` hits through per window, then blocks with a retry time`, async () => {
      const [a, b] = make();
      const key = `a-${label}`;
      for (let i = 0; i < 10; i++) expect((await [a, b][i % 2].increment(key, 60_000, 10, 60_000, 'default')).isBlocked).toBe(false);
      const blocked = await b.increment(key, 60_000, 10, 60_000, 'default');
      expect(blocked).toMatchObject({ isBlocked: true, totalHits: 11, timeToExpire: 60, timeToBlockExpire: 60 });
      expect((await a.increment(`b-${label}`, 60_000, 10, 60_000, 'default')).isBlocked).toBe(false);
    });

    it(`${label}: slides: the previous window still counts in proportion, then fades out`, async () => {
      const [a, b] = make();
      const key = `s-${label}`;
      for (let i = 0; i < 10; i++) await [a, b][i % 2].increment(key, 60_000, 10, 60_000, 'default');
      vi.setSystemTime(T0 + 60_000 + 6_000); // 90 % of the old window still weighs in
      expect((await a.increment(key, 60_000, 10, 60_000, 'default')).isBlocked).toBe(false); // 9 + 1
      const blocked = await b.increment(key, 60_000, 10, 60_000, 'default');
      expect(blocked).toMatchObject({ isBlocked: true, timeToBlockExpire: 54 });
      vi.setSystemTime(T0 + 3 * 60_000);
      for (let i = 0; i < 10; i++) expect((await [a, b][i % 2].increment(key, 60_000, 10, 60_000, 'default')).isBlocked).toBe(false);
    });

    it(`${label}: a block duration of 0 (the feedback limiter) works`, async () => {
      const [a, b] = make();
      const key = `f-${label}`;
      expect((await a.increment(key, 60_000, 1, 0, 'feedback')).isBlocked).toBe(false);
      expect(await b.increment(key, 60_000, 1, 0, 'feedback')).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    });
  }

  it('counts in this process while Redis is unreachable and returns to Redis by itself', async () => {
    vi.useRealTimers();
    const server = await startPrivateRedis();
    const redis = await RedisService.open(server.url, 'rl:');
    try {
      const storage = new RedisThrottlerStorage(redis, new SlidingWindowThrottlerStorage());
      expect((await storage.increment('k', 60_000, 2, 60_000, 'default')).isBlocked).toBe(false);
      await server.stop();
      const started = performance.now();
      expect((await storage.increment('k', 60_000, 2, 60_000, 'default')).isBlocked).toBe(false);
      expect((await storage.increment('k', 60_000, 2, 60_000, 'default')).isBlocked).toBe(false);
      expect((await storage.increment('k', 60_000, 2, 60_000, 'default')).isBlocked).toBe(true); // the local budget
      expect(performance.now() - started).toBeLessThan(1000);
      await server.start();
      await expect.poll(() => redis.ready, { timeout: 10_000 }).toBe(true);
      expect(await storage.increment('k', 60_000, 2, 60_000, 'default')).toMatchObject({ isBlocked: false, totalHits: 1 });
      expect(await redis.client.exists('rl:k')).toBe(1);
    } finally {
      await redis.onApplicationShutdown();
      await server.stop();
    }
  });
});
