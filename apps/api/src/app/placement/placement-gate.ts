/** A reserved placement slot: `until` is the new end of the cooldown, `previous` the one it replaced (0: none). */
export interface CooldownReservation {
  until: number;
  previous: number;
}

/**
 * Who may place now: the user must hold a playing slot with a live socket (else 403
 * NOT_PLAYING with the status) and be out of cooldown (else 429 COOLDOWN). `enter`
 * checks both and reserves the next cooldown atomically before the asynchronous commit,
 * so parallel requests of one user cannot both pass (across every instance when the
 * state is in Redis: one script, one round trip); `release` gives the slot back when the
 * placement was not stored, only if no later reservation replaced it (compare-and-set).
 */
export abstract class PlacementGate {
  abstract enter(userId: string, now: number): CooldownReservation | Promise<CooldownReservation>;
  abstract release(userId: string, reservation: CooldownReservation): void | Promise<void>;
}
