import { describe, expect, it } from 'vitest';
import { RetentionCandidate, selectForDeletion } from './retention';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One snapshot per hour for `hours` hours ending on day 10 at 23:00, newest first. */
function hourly(hours: number): RetentionCandidate[] {
  const end = 10 * DAY + 23 * HOUR;
  return Array.from({ length: hours }, (_, i) => ({ id: hours - i, takenAt: end - i * HOUR, reason: 'periodic' as const }));
}

describe('selectForDeletion', () => {
  it('keeps everything when no limit is configured', () => {
    expect(selectForDeletion(hourly(100), null)).toEqual([]);
  });

  it('keeps everything while there are at most `keep` snapshots', () => {
    expect(selectForDeletion(hourly(5), 5)).toEqual([]);
  });

  it('keeps the newest `keep`, then thins older ones to the last of each UTC day', () => {
    const entries = hourly(72); // day 10, 9 and 8, 24 each
    const doomed = new Set(selectForDeletion(entries, 30));
    const kept = entries.filter((e) => !doomed.has(e.id));
    // 30 newest, plus the last of day 9 would already be inside the newest 30 (index 24),
    // so only day 8's last (index 48) survives beyond them
    expect(kept.length).toBe(31);
    expect(kept.slice(0, 30).map((e) => e.id)).toEqual(entries.slice(0, 30).map((e) => e.id));
    expect(kept[30]).toBe(entries[48]);
    expect(Math.floor(kept[30].takenAt / DAY)).toBe(8);
  });

  it('always keeps the final image before a clear or a new game', () => {
    const entries = hourly(10);
    entries[7] = { ...entries[7], reason: 'clear' };
    entries[8] = { ...entries[8], reason: 'new-game' };
    const doomed = selectForDeletion(entries, 2);
    expect(doomed).not.toContain(entries[7].id);
    expect(doomed).not.toContain(entries[8].id);
    expect(doomed).toContain(entries[9].id);
  });
});
