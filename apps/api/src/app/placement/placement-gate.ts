/**
 * A reserved placement: `until` is the user's new `fullAt` (see common/charges.ts), `previous`
 * the one it replaced (0: none); `charges` left and when the next comes back.
 */
export interface CooldownReservation {
  until: number;
  previous: number;
  charges: number;
  nextChargeAt: number;
}

/**
 * Who may place now: the user must hold a playing slot with a live socket (else 403
 * NOT_PLAYING with the status) and have a charge left (else 429 COOLDOWN). `enter`
 * checks both and spends the charge atomically before the asynchronous commit, so
 * parallel requests of one user cannot spend more charges than they hold (across every
 * instance when the state is in Redis: one script, one round trip); `release` gives the
 * charge back when the placement was not stored, only if no later reservation replaced
 * it (compare-and-set); `refund` gives one back after an undo and returns the new
 * `fullAt`.
 */
export abstract class PlacementGate {
  /**
   * A synchronous gate fills `into` when given and returns it (no object per placement:
   * read it before the next call); an asynchronous one returns a new reservation.
   */
  abstract enter(userId: string, now: number, into?: CooldownReservation): CooldownReservation | Promise<CooldownReservation>;
  abstract release(userId: string, reservation: CooldownReservation): void | Promise<void>;
  abstract refund(userId: string, now: number): number | Promise<number>;
  /**
   * The user's newest `fullAt` when this process holds it (the in-process gate), so the
   * status after parallel placements shows the last state, not the last to report; null
   * when the state is elsewhere (Redis presence reads the gate's key itself).
   */
  abstract currentFullAt(userId: string): number | null;
}
