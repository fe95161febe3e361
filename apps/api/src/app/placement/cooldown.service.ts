/** A reserved placement slot: `until` is the new end of the cooldown, `previous` the one it replaced (0: none). */
export interface CooldownReservation {
  until: number;
  previous: number;
}

/**
 * Per-user pause between placements. `reserve` takes the next slot atomically before the
 * asynchronous commit, so parallel requests of one user cannot both pass (across every
 * instance when the state is in Redis); `release` gives the slot back when the placement
 * was not stored, only if no later reservation replaced it (compare-and-set).
 */
export abstract class CooldownService {
  /** Throws 429 COOLDOWN (with `retryAfterMs` and Retry-After) while the previous placement cools down. */
  abstract reserve(userId: string, now: number): CooldownReservation | Promise<CooldownReservation>;
  abstract release(userId: string, reservation: CooldownReservation): void | Promise<void>;
}
