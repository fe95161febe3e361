import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { defineScript, RedisScript } from './redis-script';
import { RedisService } from './redis.service';

/**
 * The sliding-window estimate of SlidingWindowThrottlerStorage, in one hash per client key:
 * s (start of the current fixed window), c (hits in it), p (hits in the previous one).
 * KEYS[1] rl:<key>; ARGV now, ttl, limit → blocked (0|1), estimate before this hit, s.
 */
const INCREMENT = `
local now, ttl, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local f = redis.call('HMGET', KEYS[1], 's', 'c', 'p')
local s, c, p = tonumber(f[1]), tonumber(f[2] or '0'), tonumber(f[3] or '0')
if not s then
  s, c, p = now, 0, 0
elseif now - s >= ttl then
  local elapsed = math.floor((now - s) / ttl)
  if elapsed == 1 then p = c else p = 0 end
  c = 0
  s = s + elapsed * ttl
end
local estimate = p * (1 - (now - s) / ttl) + c
local blocked = 0
if estimate + 1 > limit then blocked = 1 else c = c + 1 end
redis.call('HSET', KEYS[1], 's', s, 'c', c, 'p', p)
redis.call('PEXPIRE', KEYS[1], 2 * ttl)
return { blocked, tostring(estimate), s }
`;

/**
 * Rate-limit counters shared by every instance (REDIS_URL): the same O(1) sliding-window
 * estimate as the in-process storage, one script (one round trip) per hit. Also behind the
 * auth and feedback limiters, which count in the throttler's storage.
 *
 * While Redis is unreachable it counts in this process instead (each instance then limits
 * on its own), so reads keep being served; it returns to Redis by itself.
 * (@nest-lab/throttler-storage-redis was the alternative: a fixed window that counts
 * refused hits too, `EVAL` with the script text per request, and `SET … PX 0` — an
 * error — for the feedback limiter's block duration of 0.)
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimits');
  private readonly script: RedisScript;
  private degraded = false;

  constructor(
    redis: RedisService,
    private readonly fallback: ThrottlerStorage,
  ) {
    this.script = defineScript(redis.client, 'pwRateLimitIncrement', 1, INCREMENT);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    let reply: [number, string, number];
    try {
      reply = (await this.script([`rl:${key}`], [now, ttl, limit])) as [number, string, number];
    } catch (error) {
      if (!this.degraded) this.logger.warn(`Redis unreachable (${(error as Error).message}): counting in this process until it returns`);
      this.degraded = true;
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    if (this.degraded) this.logger.log('rate limits are shared through Redis again');
    this.degraded = false;
    const [blocked, estimate, startedAt] = reply;
    const totalHits = Math.ceil(Number(estimate)) + 1;
    const timeToExpire = Math.max(1, Math.ceil((Number(startedAt) + ttl - now) / 1000));
    return blocked === 1
      ? { totalHits, timeToExpire, isBlocked: true, timeToBlockExpire: timeToExpire }
      : { totalHits, timeToExpire, isBlocked: false, timeToBlockExpire: 0 };
  }
}
