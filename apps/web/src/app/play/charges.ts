/**
 * Charges (docs/protocol.md 9) as the player sees them. A server without charges sends none:
 * then the classic cooldown applies (one placement whenever `cooldownUntil` has passed).
 */
export interface ChargeState {
  /** Charges held when last told (null: the server does not speak of charges). */
  charges: number | null;
  /** Local epoch ms when the next charge arrives (null: full or unknown). */
  nextChargeAt: number | null;
  /** Local epoch ms of the classic cooldown's end. */
  cooldownUntil: number | null;
}

export interface ChargeView {
  /** Charges available now (null: classic cooldown, no badge). */
  charges: number | null;
  /** May place now. */
  ready: boolean;
  /** Milliseconds until the next charge (classic: until the cooldown ends); 0 when none is due. */
  untilNext: number;
  /** Milliseconds until a placement is allowed again (0 when ready). */
  waitMs: number;
}

/**
 * What holds at `now`. A charge due by then is counted as arrived (the server adds it at
 * that moment); later ones are not guessed, since the maximum is the server's to know.
 */
export function chargeView(state: ChargeState, now: number): ChargeView {
  if (state.charges === null) {
    const left = Math.max(0, (state.cooldownUntil ?? 0) - now);
    return { charges: null, ready: left === 0, untilNext: left, waitMs: left };
  }
  const due = state.nextChargeAt !== null && state.nextChargeAt <= now;
  const charges = state.charges + (due ? 1 : 0);
  const untilNext = state.nextChargeAt !== null && !due ? state.nextChargeAt - now : 0;
  return { charges, ready: charges > 0, untilNext, waitMs: charges > 0 ? 0 : untilNext };
}

/** After an accepted placement: the server's count, and `cooldownUntil` is the next charge's time. */
export function afterPlacement(state: ChargeState, cooldownUntil: number, charges: number | undefined, placedAt: number): ChargeState {
  if (charges === undefined) return { charges: null, nextChargeAt: null, cooldownUntil };
  return { charges, nextChargeAt: cooldownUntil > placedAt ? cooldownUntil : state.nextChargeAt, cooldownUntil };
}

/** A 429 COOLDOWN: none left, the next one comes at `until`. */
export function afterRefusal(state: ChargeState, until: number): ChargeState {
  return state.charges === null ? { ...state, cooldownUntil: until } : { ...state, charges: 0, nextChargeAt: until, cooldownUntil: until };
}

/** When the next charge (classic: the end of the cooldown) arrives, if it is still ahead. */
export function nextReadyAt(state: ChargeState, now: number): number | null {
  const at = state.charges === null ? state.cooldownUntil : state.nextChargeAt;
  return at !== null && at > now ? at : null;
}
