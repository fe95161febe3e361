import { ConfigurationService } from '../config/configuration.service';
import { PresenceService } from '../presence/presence.service';
import { cooldownError } from './cooldown-error';
import { CooldownReservation, PlacementGate } from './placement-gate';

const PRUNE_EVERY = 10_000;

/**
 * The gate of one process: presence's check, then the cooldown map. Both synchronous, so
 * parallel requests of one user cannot both pass.
 */
export class LocalPlacementGate extends PlacementGate {
  private readonly until = new Map<string, number>();
  private readonly cooldownMs: number;
  private reservations = 0;

  constructor(
    private readonly presence: PresenceService,
    configuration: ConfigurationService,
  ) {
    super();
    this.cooldownMs = configuration.config.cooldownMs;
  }

  enter(userId: string, now: number): CooldownReservation {
    const checked = this.presence.assertCanPlace(userId);
    if (checked instanceof Promise) throw new Error('LocalPlacementGate needs the in-process PresenceService');
    const previous = this.until.get(userId) ?? 0;
    if (previous > now) throw cooldownError(previous - now);
    const until = now + this.cooldownMs;
    this.until.set(userId, until);
    if (++this.reservations % PRUNE_EVERY === 0) this.prune(now);
    return { until, previous };
  }

  release(userId: string, reservation: CooldownReservation): void {
    if (this.until.get(userId) === reservation.until) this.until.set(userId, reservation.previous);
  }

  private prune(now: number): void {
    for (const [userId, until] of this.until) if (until <= now) this.until.delete(userId);
  }
}
