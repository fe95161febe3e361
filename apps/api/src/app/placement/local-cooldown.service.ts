import { ConfigurationService } from '../config/configuration.service';
import { cooldownError } from './cooldown-error';
import { CooldownReservation, CooldownService } from './cooldown.service';

const PRUNE_EVERY = 10_000;

/**
 * Cooldowns of one process. The slot is reserved synchronously before the asynchronous
 * commit, so parallel requests of one user cannot both pass.
 */
export class LocalCooldownService extends CooldownService {
  private readonly until = new Map<string, number>();
  private readonly cooldownMs: number;
  private reservations = 0;

  constructor(configuration: ConfigurationService) {
    super();
    this.cooldownMs = configuration.config.cooldownMs;
  }

  reserve(userId: string, now: number): CooldownReservation {
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
