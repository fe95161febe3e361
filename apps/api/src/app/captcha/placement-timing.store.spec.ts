import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../test/support/redis';
import { RedisService } from '../cluster/redis.service';
import { NO_TIMING } from './automation-rule';
import { LocalPlacementTimingStore, PlacementTimingStore, RedisPlacementTimingStore } from './placement-timing.store';

describe('PlacementTimingStore: in memory and in Redis (shared by instances)', () => {
  const prefix = uniqueRedisPrefix('captcha');
  let a: RedisService;
  let b: RedisService;

  beforeAll(async () => {
    [a, b] = [await RedisService.open(TEST_REDIS_URL, prefix), await RedisService.open(TEST_REDIS_URL, prefix)];
  });
  afterAll(async () => {
    await a?.onApplicationShutdown();
    await b?.onApplicationShutdown();
    await deleteRedisPrefix(prefix);
  });

  const contract = (name: string, stores: () => [PlacementTimingStore, PlacementTimingStore]) =>
    it(`${name}: unknown players have no timing; what one writes the other reads`, async () => {
      const [writer, reader] = stores();
      expect(await reader.get('u1')).toEqual(NO_TIMING);
      await writer.set('u1', { delays: [20, 25], challenged: true });
      expect(await reader.get('u1')).toEqual({ delays: [20, 25], challenged: true });
      await writer.set('u1', NO_TIMING);
      expect(await reader.get('u1')).toEqual(NO_TIMING);
    });

  contract('local', () => {
    const store = new LocalPlacementTimingStore();
    return [store, store];
  });
  contract('Redis, two instances', () => [new RedisPlacementTimingStore(a), new RedisPlacementTimingStore(b)]);

  it('Redis keys expire after a day without placements', async () => {
    await new RedisPlacementTimingStore(a).set('u2', NO_TIMING);
    const ttl = await a.client.pttl('captcha:timing:u2');
    expect(ttl).toBeGreaterThan(86_000_000);
    expect(await a.client.exists('captcha:timing:u2')).toBe(1);
  });
});
