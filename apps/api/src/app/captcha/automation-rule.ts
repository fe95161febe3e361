import type { CaptchaConfig } from '../config/app-config';

/** What the rule remembers per player: the latest delays after the cooldown boundary, and whether a solution is due. */
export interface PlacementTiming {
  delays: number[];
  challenged: boolean;
}

export const NO_TIMING: PlacementTiming = { delays: [], challenged: false };

export type AutomationRule = Pick<CaptchaConfig, 'botStreak' | 'botWindowMs' | 'botJitterMs'>;

/**
 * The "looks automated" rule: `botStreak` placements in a row, each made less than
 * `botWindowMs` after the previous cooldown ended, whose delays have a standard deviation
 * under `botJitterMs`. A placement later than the window breaks the streak; a first
 * placement (no cooldown before it) does not count. A human who comes back at their own
 * pace, or taps the moment the ring fills with human reaction-time scatter, never matches.
 */
export function afterPlacement(timing: PlacementTiming, delayMs: number | null, rule: AutomationRule): PlacementTiming {
  if (delayMs === null || delayMs < 0) return timing;
  if (delayMs >= rule.botWindowMs) return { ...timing, delays: [] };
  const delays = [...timing.delays, delayMs].slice(-rule.botStreak);
  if (delays.length === rule.botStreak && standardDeviation(delays) < rule.botJitterMs) return { delays: [], challenged: true };
  return { ...timing, delays };
}

export function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
}
