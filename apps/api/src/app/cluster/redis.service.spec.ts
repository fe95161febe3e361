import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../test/support/redis';
import { StartupError } from '../common/startup-error';
import { RedisService } from './redis.service';

describe('RedisService', () => {
  const prefix = uniqueRedisPrefix('svc');
  afterAll(() => deleteRedisPrefix(prefix));

  it('prefixes keys and channels, and delivers published messages', async () => {
    const a = await RedisService.open(TEST_REDIS_URL, prefix);
    const b = await RedisService.open(TEST_REDIS_URL, prefix);
    try {
      await a.client.set('k', 'v');
      expect(await b.client.get('k')).toBe('v');
      const raw = await RedisService.open(TEST_REDIS_URL, '');
      expect(await raw.client.get(`${prefix}k`)).toBe('v');
      await raw.onApplicationShutdown();

      const received: string[] = [];
      await b.subscribe('news', (m) => received.push(m.toString()));
      await a.publish('news', 'hello');
      await expect.poll(() => received).toEqual(['hello']);
    } finally {
      await a.onApplicationShutdown();
      await b.onApplicationShutdown();
    }
  });

  it('gives up on an unreachable server with one line that hides the password', async () => {
    const error = await RedisService.open('redis://:hunter2@127.0.0.1:1', prefix, 300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
