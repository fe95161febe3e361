import { ConfigurationService } from '../config/configuration.service';
import { PresenceService } from '../presence/presence.service';
import { chargePolicyOf, ChargePolicy, ChargeState, chargeState, nextChargeOf, spendCharge } from '../common/charges';
import { cooldownError } from './cooldown-error';
import { CooldownReservation, PlacementGate } from './placement-gate';

const PRUNE_EVERY = 10_000;

/**
 * The gate of one process: presence's check, then the charges map (user → fullAt). Both
 * synchronous, so parallel requests of one user cannot spend more than they hold.
 */
export class LocalPlacementGate extends PlacementGate {
  private readonly fullAt = new Map<string, number>();
  private readonly policy: ChargePolicy;
  private reservations = 0;
  private readonly charges: ChargeState = { charges: 0, nextChargeAt: null };

  constructor(
    private readonly presence: PresenceService,
    configuration: ConfigurationService,
  ) {
    super();
    this.policy = chargePolicyOf(configuration.config);
  }

  enter(userId: string, now: number, into: CooldownReservation = { until: 0, previous: 0, charges: 0, nextChargeAt: 0 }): CooldownReservation {
    const checked = this.presence.assertCanPlace(userId);
    if (checked instanceof Promise) throw new Error('LocalPlacementGate needs the in-process PresenceService');
    const previous = this.fullAt.get(userId) ?? 0;
    const until = spendCharge(previous, now, this.policy);
    if (until === null) throw cooldownError(nextChargeOf(previous, this.policy) - now);
    this.fullAt.set(userId, until);
    if (++this.reservations % PRUNE_EVERY === 0) this.prune(now);
    const { charges, nextChargeAt } = chargeState(until, now, this.policy, this.charges);
    into.until = until;
    into.previous = previous;
    into.charges = charges;
    into.nextChargeAt = nextChargeAt ?? now;
    return into;
  }

  release(userId: string, reservation: CooldownReservation): void {
    if (this.fullAt.get(userId) === reservation.until) this.fullAt.set(userId, reservation.previous);
  }

  refund(userId: string, now: number): number {
    const fullAt = Math.max(now, (this.fullAt.get(userId) ?? 0) - this.policy.cooldownMs);
    this.fullAt.set(userId, fullAt);
    return fullAt;
  }

  currentFullAt(userId: string): number | null {
    return this.fullAt.get(userId) ?? null;
  }

  private prune(now: number): void {
    for (const [userId, fullAt] of this.fullAt) if (fullAt <= now) this.fullAt.delete(userId);
  }
}
