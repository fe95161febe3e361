import { RECORD_BYTES, RESET_X, writeRecord } from '@pixel-wars/protocol';
import type { GameRecord, LoggedChange } from './placement-log.repository';

/**
 * A committed run of changes: consecutive versions of one game as protocol records
 * (5 bytes each). A run that starts a new game begins with its reset record and carries
 * the game (`opensGame`), so any instance can apply it without asking the database.
 */
export interface ChangeRun {
  firstVersion: number;
  game: number;
  /** Commit time of the run (epoch ms). */
  placedAt: number;
  records: Uint8Array;
  opensGame?: GameRecord;
}

export function recordCount(run: ChangeRun): number {
  return run.records.length / RECORD_BYTES;
}

export function lastVersionOfRun(run: ChangeRun): number {
  return run.firstVersion + recordCount(run) - 1;
}

/** The part of `run` after `version` (null when nothing is left). */
export function runAfter(run: ChangeRun, version: number): ChangeRun | null {
  const skip = version + 1 - run.firstVersion;
  if (skip <= 0) return run;
  if (skip >= recordCount(run)) return null;
  // The skipped head held the reset that opened the game: what is left is ordinary.
  return { firstVersion: version + 1, game: run.game, placedAt: run.placedAt, records: run.records.subarray(skip * RECORD_BYTES) };
}

/**
 * Groups logged changes (consecutive versions, as read back from the log) into runs:
 * a new run starts wherever the game changes; a run that opens a game gets its record
 * from `gameOf`.
 */
export function runsFromLog(changes: readonly LoggedChange[], gameOf: (game: number) => GameRecord | undefined): ChangeRun[] {
  const runs: ChangeRun[] = [];
  let start = 0;
  while (start < changes.length) {
    let end = start + 1;
    while (end < changes.length && changes[end].game === changes[start].game && changes[end].version === changes[end - 1].version + 1) end++;
    const records = new Uint8Array((end - start) * RECORD_BYTES);
    for (let i = start; i < end; i++) {
      const c = changes[i];
      writeRecord(records, (i - start) * RECORD_BYTES, c.x, c.x === RESET_X ? 0 : c.y, c.color);
    }
    const first = changes[start];
    const game = gameOf(first.game);
    const opensGame = game && game.firstVersion === first.version ? game : undefined;
    runs.push({ firstVersion: first.version, game: first.game, placedAt: changes[end - 1].placedAt, records, ...(opensGame ? { opensGame } : {}) });
    start = end;
  }
  return runs;
}
