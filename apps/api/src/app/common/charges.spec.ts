import { describe, expect, it } from 'vitest';
import { chargeState, nextChargeOf, spendCharge } from './charges';

describe('charges (one fullAt per user)', () => {
  const three = { max: 3, cooldownMs: 1000 };
  const one = { max: 1, cooldownMs: 1000 };

  it('PIXEL_CHARGES=1 is the classic cooldown', () => {
    expect(spendCharge(0, 10_000, one)).toBe(11_000);
    expect(spendCharge(11_000, 10_500, one)).toBeNull();
    expect(nextChargeOf(11_000, one)).toBe(11_000);
    expect(chargeState(11_000, 10_500, one)).toEqual({ charges: 0, nextChargeAt: 11_000 });
    expect(spendCharge(11_000, 11_000, one)).toBe(12_000);
  });

  it('three charges: spend all at once, then one back per cooldown', () => {
    let fullAt = 0;
    for (const left of [2, 1, 0]) {
      fullAt = spendCharge(fullAt, 10_000, three)!;
      expect(chargeState(fullAt, 10_000, three)).toEqual({ charges: left, nextChargeAt: 11_000 });
    }
    expect(spendCharge(fullAt, 10_999, three)).toBeNull();
    expect(nextChargeOf(fullAt, three)).toBe(11_000);
    expect(chargeState(fullAt, 11_000, three)).toEqual({ charges: 1, nextChargeAt: 12_000 });
    expect(chargeState(fullAt, 12_500, three)).toEqual({ charges: 2, nextChargeAt: 13_000 });
    expect(chargeState(fullAt, 13_000, three)).toEqual({ charges: 3, nextChargeAt: null });
    expect(spendCharge(fullAt, 11_000, three)).toBe(14_000);
  });

  it('a cooldown of 0 never runs out', () => {
    expect(chargeState(5, 5, { max: 2, cooldownMs: 0 })).toEqual({ charges: 2, nextChargeAt: null });
    expect(spendCharge(5, 5, { max: 2, cooldownMs: 0 })).toBe(5);
  });
});
