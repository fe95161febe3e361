import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../test/support/redis';
import { LocalClusterBus } from './local-cluster-bus';
import { RedisClusterBus } from './redis-cluster-bus';
import { RedisService } from './redis.service';

declare module './cluster-bus' {
  interface ClusterMessages {
    'test.ping': { n: number };
  }
}

describe('cluster bus', () => {
  const prefix = uniqueRedisPrefix('bus');
  afterAll(() => deleteRedisPrefix(prefix));

  it('broadcasts to every instance and sends to one inbox', async () => {
    const services = await Promise.all([0, 1, 2].map(() => RedisService.open(TEST_REDIS_URL, prefix)));
    const buses = services.map((s, i) => new RedisClusterBus(s, `i${i}`));
    const seen: string[] = [];
    buses.forEach((bus, i) => bus.on('test.ping', ({ n }, from) => seen.push(`${i}<${from}:${n}`)));
    try {
      await Promise.all(buses.map((b) => b.onModuleInit()));
      await buses[0].broadcast('test.ping', { n: 1 });
      await expect.poll(() => [...seen].sort()).toEqual(['0<i0:1', '1<i0:1', '2<i0:1']);
      seen.length = 0;
      await buses[1].sendTo('i2', 'test.ping', { n: 2 });
      await buses[1].sendTo('i1', 'test.ping', { n: 3 });
      expect(seen).toContain('1<i1:3'); // to itself: delivered at once, without Redis
      await expect.poll(() => [...seen].sort()).toEqual(['1<i1:3', '2<i1:2']);
    } finally {
      await Promise.all(services.map((s) => s.onApplicationShutdown()));
    }
  });

  it('delivers locally and synchronously with one process', async () => {
    const bus = new LocalClusterBus('solo');
    const seen: number[] = [];
    bus.on('test.ping', ({ n }) => seen.push(n));
    bus.on('test.ping', () => {
      throw new Error('a failing handler does not stop the others');
    });
    bus.on('test.ping', ({ n }) => seen.push(n * 10));
    await bus.broadcast('test.ping', { n: 4 });
    await bus.sendTo('other', 'test.ping', { n: 5 });
    expect(seen).toEqual([4, 40]);
  });
});
