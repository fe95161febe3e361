import type { PresenceStatus } from '@pixel-wars/protocol';
import { defineScript, orUnavailable, RedisScript } from '../cluster/redis-script';
import { RedisService } from '../cluster/redis.service';
import { ConfigurationService } from '../config/configuration.service';
import { notPlaying } from '../presence/not-playing';
import { PLAYABLE_LUA, presenceUserKey } from '../presence/redis/presence.scripts';
import { cooldownError } from './cooldown-error';
import { CooldownReservation, PlacementGate } from './placement-gate';

/**
 * KEYS[1] presence:u:<user>, KEYS[2] cooldown:<user>; ARGV now, until →
 * {-1, status} not playing, {0, current end} in cooldown, {1, previous} reserved.
 */
const ENTER = `${PLAYABLE_LUA}
local status = playable(KEYS[1])
if status then return { -1, status } end
local now = tonumber(ARGV[1])
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous > now then return { 0, previous } end
redis.call('SET', KEYS[2], ARGV[2], 'PX', math.max(1, tonumber(ARGV[2]) - now))
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
 * The gate shared by every instance: the presence check and the cooldown reservation in
 * ONE script (one round trip before the commit). The cooldown is one key per user holding
 * its end (expiring with it), so 50 parallel placements of one user through any instances
 * yield exactly one reservation.
 */
export class RedisPlacementGate extends PlacementGate {
  private readonly cooldownMs: number;
  private readonly enterScript: RedisScript;
  private readonly releaseScript: RedisScript;

  constructor(redis: RedisService, configuration: ConfigurationService) {
    super();
    this.cooldownMs = configuration.config.cooldownMs;
    this.enterScript = defineScript(redis.client, 'pwPlacementEnter', 2, ENTER);
    this.releaseScript = defineScript(redis.client, 'pwPlacementRelease', 1, RELEASE);
  }

  async enter(userId: string, now: number): Promise<CooldownReservation> {
    const until = now + this.cooldownMs;
    const [outcome, detail] = (await orUnavailable(this.enterScript([presenceUserKey(userId), `cooldown:${userId}`], [now, until]))) as [number, number | string];
    if (outcome === -1) throw notPlaying(detail as PresenceStatus);
    if (outcome === 0) throw cooldownError(Number(detail) - now);
    return { until, previous: Number(detail) };
  }

  async release(userId: string, reservation: CooldownReservation): Promise<void> {
    await orUnavailable(this.releaseScript([`cooldown:${userId}`], [reservation.until, reservation.previous, Date.now()]));
  }
}
