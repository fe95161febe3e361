import type { HistoryReason } from './history.repository';

export interface RetentionCandidate {
  id: number;
  takenAt: number;
  reason: HistoryReason;
}

const DAY_MS = 86_400_000;

/**
 * The ids to delete under `HISTORY_KEEP = keep` (null keeps everything). The newest
 * `keep` snapshots stay as they are; older ones are thinned to the last snapshot of each
 * UTC day, and the image taken right before a clear or a new game (the final state of
 * that canvas) is always kept.
 *
 * @param newestFirst every snapshot, newest first
 */
export function selectForDeletion(newestFirst: readonly RetentionCandidate[], keep: number | null): number[] {
  if (keep === null || newestFirst.length <= keep) return [];
  const doomed: number[] = [];
  const daysSeen = new Set<number>();
  for (const [index, entry] of newestFirst.entries()) {
    const day = Math.floor(entry.takenAt / DAY_MS);
    const lastOfItsDay = !daysSeen.has(day); // newest first: the first one seen is the day's last
    daysSeen.add(day);
    if (index < keep) continue;
    if (entry.reason === 'clear' || entry.reason === 'new-game') continue;
    if (lastOfItsDay) continue;
    doomed.push(entry.id);
  }
  return doomed;
}
