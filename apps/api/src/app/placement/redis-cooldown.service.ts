import { defineScript, orUnavailable, RedisScript } from '../cluster/redis-script';
import { RedisService } from '../cluster/redis.service';
import { ConfigurationService } from '../config/configuration.service';
import { cooldownError } from './cooldown-error';
import { CooldownReservation, CooldownService } from './cooldown.service';

/** KEYS[1] cooldown:<user>; ARGV now, until → {1, previous} reserved, or {0, current end} refused. */
const RESERVE = `
local now = tonumber(ARGV[1])
local previous = tonumber(redis.call('GET', KEYS[1]) or '0')
if previous > now then return { 0, previous } end
redis.call('SET', KEYS[1], ARGV[2], 'PX', math.max(1, tonumber(ARGV[2]) - now))
return { 1, previous }
`;

/** KEYS[1] cooldown:<user>; ARGV until, previous, now → 1 when this reservation was still current and is undone. */
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local previous, now = tonumber(ARGV[2]), tonumber(ARGV[3])
if previous > now then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', previous - now)
else
  redis.call('DEL', KEYS[1])
end
return 1
`;

/**
 * Cooldowns shared by every instance: one key per user holding the end of the cooldown
 * (expiring with it). Reserving is one atomic script (one round trip), so 50 parallel
 * placements of one user through any instances yield exactly one reservation.
 */
export class RedisCooldownService extends CooldownService {
  private readonly cooldownMs: number;
  private readonly reserveScript: RedisScript;
  private readonly releaseScript: RedisScript;

  constructor(redis: RedisService, configuration: ConfigurationService) {
    super();
    this.cooldownMs = configuration.config.cooldownMs;
    this.reserveScript = defineScript(redis.client, 'pwCooldownReserve', 1, RESERVE);
    this.releaseScript = defineScript(redis.client, 'pwCooldownRelease', 1, RELEASE);
  }

  async reserve(userId: string, now: number): Promise<CooldownReservation> {
    const until = now + this.cooldownMs;
    const [reserved, previous] = (await orUnavailable(this.reserveScript([`cooldown:${userId}`], [now, until]))) as [number, number];
    if (reserved === 0) throw cooldownError(previous - now);
    return { until, previous };
  }

  async release(userId: string, reservation: CooldownReservation): Promise<void> {
    await orUnavailable(this.releaseScript([`cooldown:${userId}`], [reservation.until, reservation.previous, Date.now()]));
  }
}
