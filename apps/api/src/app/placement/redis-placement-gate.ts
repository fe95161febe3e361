import type { PresenceStatus } from '@pixel-wars/protocol';
import { defineScript, orUnavailable, RedisScript } from '../cluster/redis-script';
import { RedisService } from '../cluster/redis.service';
import { ConfigurationService } from '../config/configuration.service';
import { notPlaying } from '../presence/not-playing';
import { PLAYABLE_LUA, presenceUserKey } from '../presence/redis/presence.scripts';
import { chargePolicyOf, ChargePolicy, chargeState } from '../common/charges';
import { cooldownError } from './cooldown-error';
import { CooldownReservation, PlacementGate } from './placement-gate';

/**
 * KEYS[1] presence:u:<user>, KEYS[2] cooldown:<user> (its fullAt, see common/charges.ts);
 * ARGV now, cooldownMs, charges → {-1, status} not playing, {0, next charge} none left,
 * {1, previous, until} one spent.
 */
const ENTER = `${PLAYABLE_LUA}
local status = playable(KEYS[1])
if status then return { -1, status } end
local now, cooldown, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous - now > (max - 1) * cooldown then return { 0, previous - (max - 1) * cooldown } end
local untilAt = math.max(previous, now) + cooldown
redis.call('SET', KEYS[2], string.format('%.0f', untilAt), 'PX', math.max(1, untilAt - now))
return { 1, previous, untilAt }
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

/** KEYS[1] cooldown:<user>; ARGV now, cooldownMs → the new fullAt (one charge back). */
const REFUND = `
local now = tonumber(ARGV[1])
local fullAt = tonumber(redis.call('GET', KEYS[1]) or '0') - tonumber(ARGV[2])
if fullAt <= now then
  redis.call('DEL', KEYS[1])
  return now
end
redis.call('SET', KEYS[1], string.format('%.0f', fullAt), 'PX', fullAt - now)
return fullAt
`;

/**
 * The gate shared by every instance: the presence check and the charge spending in ONE
 * script (one round trip before the commit). The charges are one key per user holding
 * its fullAt (expiring when every charge is back), so N + 50 parallel placements of a
 * user with N charges through any instances yield exactly N reservations.
 */
export class RedisPlacementGate extends PlacementGate {
  private readonly policy: ChargePolicy;
  private readonly enterScript: RedisScript;
  private readonly releaseScript: RedisScript;
  private readonly refundScript: RedisScript;

  constructor(redis: RedisService, configuration: ConfigurationService) {
    super();
    this.policy = chargePolicyOf(configuration.config);
    this.enterScript = defineScript(redis.client, 'pwPlacementEnter', 2, ENTER);
    this.releaseScript = defineScript(redis.client, 'pwPlacementRelease', 1, RELEASE);
    this.refundScript = defineScript(redis.client, 'pwPlacementRefund', 1, REFUND);
  }

  async enter(userId: string, now: number): Promise<CooldownReservation> {
    const reply = (await orUnavailable(this.enterScript([presenceUserKey(userId), `cooldown:${userId}`], [now, this.policy.cooldownMs, this.policy.max]))) as [
      number,
      number | string,
      number?,
    ];
    const [outcome, detail] = reply;
    if (outcome === -1) throw notPlaying(detail as PresenceStatus);
    if (outcome === 0) throw cooldownError(Number(detail) - now);
    const until = Number(reply[2]);
    const { charges, nextChargeAt } = chargeState(until, now, this.policy);
    return { until, previous: Number(detail), charges, nextChargeAt: nextChargeAt ?? now };
  }

  async release(userId: string, reservation: CooldownReservation): Promise<void> {
    await orUnavailable(this.releaseScript([`cooldown:${userId}`], [reservation.until, reservation.previous, Date.now()]));
  }

  currentFullAt(): null {
    return null;
  }

  async refund(userId: string, now: number): Promise<number> {
    return Number(await orUnavailable(this.refundScript([`cooldown:${userId}`], [now, this.policy.cooldownMs])));
  }
}
