import type { PresenceView } from '@pixel-wars/protocol';
import { ChargePolicy, chargeState } from '../common/charges';

/**
 * A playing user's presence: `charges` always, `nextChargeAt` while one is missing and
 * `cooldownUntil` (= nextChargeAt) only while none is left, so a client that knows only
 * the classic cooldown still reads "cannot place before".
 */
export function playingView(afkAt: number, fullAt: number | null, now: number, policy: ChargePolicy): PresenceView {
  const { charges, nextChargeAt } = chargeState(fullAt ?? 0, now, policy);
  const view: PresenceView = { status: 'playing', afkAt, charges };
  if (nextChargeAt !== null) {
    view.nextChargeAt = nextChargeAt;
    if (charges === 0) view.cooldownUntil = nextChargeAt;
  }
  return view;
}
