import { afterPlacement, afterRefusal, chargeView, nextReadyAt } from './charges';

describe('chargeView', () => {
  it('falls back to the classic cooldown when the server sends no charges', () => {
    const state = { charges: null, nextChargeAt: null, cooldownUntil: 10_000 };
    expect(chargeView(state, 7_500)).toEqual({ charges: null, ready: false, untilNext: 2_500, waitMs: 2_500 });
    expect(chargeView(state, 10_000)).toEqual({ charges: null, ready: true, untilNext: 0, waitMs: 0 });
    expect(chargeView({ charges: null, nextChargeAt: null, cooldownUntil: null }, 1).ready).toBe(true);
  });

  it('lets a player with charges left place during the countdown to the next one', () => {
    const view = chargeView({ charges: 2, nextChargeAt: 9_000, cooldownUntil: 9_000 }, 5_000);
    expect(view).toEqual({ charges: 2, ready: true, untilNext: 4_000, waitMs: 0 });
  });

  it('counts the next charge once its time has come, and no further one', () => {
    const state = { charges: 0, nextChargeAt: 9_000, cooldownUntil: 9_000 };
    expect(chargeView(state, 8_999)).toEqual({ charges: 0, ready: false, untilNext: 1, waitMs: 1 });
    expect(chargeView(state, 9_000)).toEqual({ charges: 1, ready: true, untilNext: 0, waitMs: 0 });
    expect(chargeView(state, 60_000).charges).toBe(1);
  });

  it('shows full charges with nothing due', () => {
    expect(chargeView({ charges: 3, nextChargeAt: null, cooldownUntil: 100 }, 5_000)).toEqual({ charges: 3, ready: true, untilNext: 0, waitMs: 0 });
  });
});

describe('charge updates', () => {
  const start = { charges: 3, nextChargeAt: null, cooldownUntil: null };

  it('takes the count and the next charge time from an accepted placement', () => {
    expect(afterPlacement(start, 6_000, 2, 1_000)).toEqual({ charges: 2, nextChargeAt: 6_000, cooldownUntil: 6_000 });
  });

  it('keeps the classic cooldown when the answer carries no charges', () => {
    expect(afterPlacement(start, 6_000, undefined, 1_000)).toEqual({ charges: null, nextChargeAt: null, cooldownUntil: 6_000 });
  });

  it('empties the charges on a refusal and waits for the server’s time', () => {
    expect(afterRefusal({ charges: 1, nextChargeAt: 5_000, cooldownUntil: 5_000 }, 7_000)).toEqual({ charges: 0, nextChargeAt: 7_000, cooldownUntil: 7_000 });
    expect(afterRefusal({ charges: null, nextChargeAt: null, cooldownUntil: 5_000 }, 7_000)).toEqual({
      charges: null,
      nextChargeAt: null,
      cooldownUntil: 7_000,
    });
  });
});

describe('nextReadyAt', () => {
  it('is the next charge with charges, the cooldown end without, and nothing once passed', () => {
    expect(nextReadyAt({ charges: 2, nextChargeAt: 9_000, cooldownUntil: 4_000 }, 5_000)).toBe(9_000);
    expect(nextReadyAt({ charges: null, nextChargeAt: null, cooldownUntil: 9_000 }, 5_000)).toBe(9_000);
    expect(nextReadyAt({ charges: null, nextChargeAt: null, cooldownUntil: 9_000 }, 9_000)).toBeNull();
    expect(nextReadyAt({ charges: 3, nextChargeAt: null, cooldownUntil: 9_000 }, 5_000)).toBeNull();
  });
});
