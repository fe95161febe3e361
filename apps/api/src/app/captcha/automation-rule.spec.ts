import { describe, expect, it } from 'vitest';
import { afterPlacement, NO_TIMING, PlacementTiming } from './automation-rule';

const rule = { botStreak: 8, botWindowMs: 1500, botJitterMs: 120 };
const run = (delays: Array<number | null>) => delays.reduce<PlacementTiming>((timing, d) => afterPlacement(timing, d, rule), NO_TIMING);

describe('the "looks automated" rule', () => {
  it('flags 8 placements in a row just after the cooldown boundary with near-constant timing', () => {
    expect(run([30, 45, 38, 52, 41, 36, 47, 40]).challenged).toBe(true);
    expect(run([30, 45, 38, 52, 41, 36, 47]).challenged).toBe(false);
  });

  it('never flags human pace: reaction-time scatter, a pause, or a first placement', () => {
    expect(run([250, 600, 180, 900, 320, 1100, 410, 700, 280, 520]).challenged).toBe(false);
    expect(run([30, 45, 38, 52, 41, 36, 47, 4000, 40]).challenged).toBe(false);
    expect(run([null, null, null, null, null, null, null, null]).challenged).toBe(false);
  });

  it('stays flagged until a solution clears it', () => {
    const flagged = run([30, 45, 38, 52, 41, 36, 47, 40]);
    expect(afterPlacement(flagged, 5000, rule).challenged).toBe(true);
  });
});
