import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../test/support/redis';
import { RedisService } from '../cluster/redis.service';
import { ApiError } from '../common/api-error';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { RedisCooldownService } from './redis-cooldown.service';

describe('RedisCooldownService (three instances, one Redis)', () => {
  const prefix = uniqueRedisPrefix('cooldown');
  const configuration = new ConfigurationService(loadAppConfig({ COOLDOWN_MS: '5000', DATA_DIR: '/tmp/unused-cooldown-spec' }));
  let services: RedisService[];
  let cooldowns: RedisCooldownService[];

  beforeAll(async () => {
    services = await Promise.all([0, 1, 2].map(() => RedisService.open(TEST_REDIS_URL, prefix)));
    cooldowns = services.map((s) => new RedisCooldownService(s, configuration));
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    await deleteRedisPrefix(prefix);
  });

  it('50 parallel reservations of one user over three instances: exactly one wins', async () => {
    const now = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => cooldowns[i % 3].reserve('racer', now)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ApiError);
    expect(refused).toHaveLength(49);
    expect(refused[0].getStatus()).toBe(429);
    expect(refused[0].getResponse()).toMatchObject({ code: 'COOLDOWN', retryAfterMs: 5000 });
    expect(refused[0].headers).toEqual({ 'Retry-After': '5' });
  });

  it('release is a compare-and-set: it undoes only the reservation that is still current', async () => {
    const now = Date.now();
    const first = await cooldowns[0].reserve('cas', now);
    expect(first).toEqual({ until: now + 5000, previous: 0 });
    await cooldowns[1].release('cas', first);
    const second = await cooldowns[2].reserve('cas', now + 10);
    expect(second.previous).toBe(0);
    await cooldowns[0].release('cas', first); // stale: the second reservation stays
    await expect(cooldowns[1].reserve('cas', now + 20)).rejects.toMatchObject({ code: 'COOLDOWN' });
  });

  it('a released reservation restores the previous cooldown that is still running', async () => {
    const now = Date.now();
    await cooldowns[0].reserve('prev', now - 4000); // runs until now + 1000
    await expect(cooldowns[1].reserve('prev', now)).rejects.toMatchObject({ extra: { retryAfterMs: 1000 } });
    const later = await cooldowns[1].reserve('prev', now + 1000);
    expect(later.previous).toBe(now + 1000);
    await cooldowns[2].release('prev', { until: later.until, previous: Date.now() + 800 });
    await expect(cooldowns[0].reserve('prev', Date.now())).rejects.toMatchObject({ code: 'COOLDOWN' });
  });

  it('the key expires with the cooldown', async () => {
    const now = Date.now();
    await cooldowns[0].reserve('ttl', now);
    const ttl = await services[0].client.pttl('cooldown:ttl');
    expect(ttl).toBeGreaterThan(4000);
    expect(ttl).toBeLessThanOrEqual(5000);
  });
});
