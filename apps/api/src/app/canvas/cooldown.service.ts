import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';

const PRUNE_EVERY = 10_000;

/**
 * Per-user pause between placements. The slot is reserved synchronously before the
 * asynchronous commit, so parallel requests of one user cannot both pass.
 */
@Injectable()
export class CooldownService {
  private readonly until = new Map<string, number>();
  private readonly cooldownMs: number;
  private reservations = 0;

  constructor(configuration: ConfigurationService) {
    this.cooldownMs = configuration.config.cooldownMs;
  }

  /** Reserves the next placement; throws 429 COOLDOWN while the previous one cools down. */
  reserve(userId: string, now: number): { until: number; previous: number } {
    const previous = this.until.get(userId) ?? 0;
    if (previous > now) {
      const retryAfterMs = previous - now;
      throw new ApiError(429, 'COOLDOWN', `Wait ${Math.ceil(retryAfterMs / 1000)} s before placing again.`, { retryAfterMs }, { 'Retry-After': String(Math.ceil(retryAfterMs / 1000)) });
    }
    const until = now + this.cooldownMs;
    this.until.set(userId, until);
    if (++this.reservations % PRUNE_EVERY === 0) this.prune(now);
    return { until, previous };
  }

  /** Gives a reservation back (the placement was not stored). */
  release(userId: string, reservation: { until: number; previous: number }): void {
    if (this.until.get(userId) === reservation.until) this.until.set(userId, reservation.previous);
  }

  cooldownUntil(userId: string): number | undefined {
    const until = this.until.get(userId);
    return until !== undefined && until > Date.now() ? until : undefined;
  }

  private prune(now: number): void {
    for (const [userId, until] of this.until) if (until <= now) this.until.delete(userId);
  }
}
