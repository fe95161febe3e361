/**
 * Charges as one number per user: `fullAt`, the time at which every charge is back
 * (≤ now: full). A placement needs fullAt − now ≤ (max − 1) × cooldown and moves fullAt
 * to max(fullAt, now) + cooldown; an undo moves it back by one cooldown. One number keeps
 * the Redis gate a single key and one script.
 */
export interface ChargePolicy {
  max: number;
  cooldownMs: number;
}

export interface ChargeState {
  charges: number;
  /** When the next charge comes back (null: full). */
  nextChargeAt: number | null;
}

/** The charges at `now`; written into `into` when given (a reused object on the placement path). */
export function chargeState(fullAt: number, now: number, policy: ChargePolicy, into: ChargeState = { charges: 0, nextChargeAt: null }): ChargeState {
  const owed = fullAt - now;
  if (owed <= 0 || policy.cooldownMs === 0) {
    into.charges = policy.max;
    into.nextChargeAt = null;
    return into;
  }
  const missing = Math.min(policy.max, Math.ceil(owed / policy.cooldownMs));
  into.charges = policy.max - missing;
  into.nextChargeAt = fullAt - (missing - 1) * policy.cooldownMs;
  return into;
}

/** The `fullAt` after one placement at `now`, or null when no charge is left. */
export function spendCharge(fullAt: number, now: number, policy: ChargePolicy): number | null {
  if (fullAt - now > (policy.max - 1) * policy.cooldownMs) return null;
  return Math.max(fullAt, now) + policy.cooldownMs;
}

/** When the next charge arrives for someone with none left (for retryAfterMs). */
export const nextChargeOf = (fullAt: number, policy: ChargePolicy): number => fullAt - (policy.max - 1) * policy.cooldownMs;

export const chargePolicyOf = (config: { pixelCharges: number; cooldownMs: number }): ChargePolicy => ({
  max: config.pixelCharges,
  cooldownMs: config.cooldownMs,
});
