import { describe, expect, it, vi } from 'vitest';
import { encodeBatch, RESET_X } from '@pixel-wars/protocol';
import { ChangeApplier, RunSource } from './change-applier';
import { ChangeRun } from './change-run';
import { CanvasState } from './canvas-state';
import { ChangePool } from './change-pool';

/** A run of pixels (x, 0, color) starting at `first`. */
function run(first: number, colors: number[], game = 1): ChangeRun {
  const frame = encodeBatch(
    first,
    colors.map((color, i) => ({ x: (first + i) % 8, y: 0, color })),
  );
  return { firstVersion: first, game, placedAt: 1000 + first, records: frame.subarray(4) };
}

function setup(source: RunSource | null = null, gapWaitMs = 20) {
  const state = CanvasState.blank(8, 2, 0, 0, 1);
  const pool = new ChangePool(100, 1);
  const hooks = { applied: vi.fn(), reset: vi.fn(), gameStarted: vi.fn() };
  const applier = new ChangeApplier(state, pool, hooks, source, gapWaitMs);
  return { state, pool, hooks, applier };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ChangeApplier', () => {
  it('applies runs in version order, holding early ones until the gap closes', () => {
    const { state, applier, pool } = setup();
    applier.offer(run(4, [4, 5]));
    applier.offer(run(3, [3]));
    expect(state.version).toBe(0);
    expect(applier.waitingRuns).toBe(2);
    applier.offer(run(1, [1, 2]));
    expect(state.version).toBe(5);
    expect(applier.waitingRuns).toBe(0);
    expect(Array.from(state.pixels.subarray(0, 6))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pool.recordsSince(0)!.length).toBe(25);
    const outbox = applier.takeOutbox()!;
    expect(outbox.firstVersion).toBe(1);
    expect(outbox.records.length).toBe(25);
    expect(applier.takeOutbox()).toBeNull();
  });

  it('drops duplicates and applies only the new tail of an overlapping run', () => {
    const { state, applier } = setup();
    applier.offer(run(1, [1, 2]));
    applier.offer(run(1, [1, 2]));
    applier.offer(run(2, [9, 3]));
    expect(state.version).toBe(3);
    expect(Array.from(state.pixels.subarray(1, 4))).toEqual([1, 2, 3]);
    expect(applier.takeOutbox()!.records.length).toBe(15);
  });

  it('fills a gap that does not close from the log', async () => {
    const source = vi.fn<RunSource>(async (after) => (after === 0 ? [run(1, [1, 2])] : []));
    const { state, applier } = setup(source);
    applier.offer(run(3, [3]));
    await sleep(5);
    expect(source).not.toHaveBeenCalled(); // still waiting for the run in flight
    await vi.waitFor(() => expect(state.version).toBe(3));
    expect(source).toHaveBeenCalledWith(0, 2);
  });

  it('reads a tail that no later run reveals when the head is ahead (a committer died before publishing)', async () => {
    const source = vi.fn<RunSource>(async (after) => (after === 2 ? [run(3, [3, 4])] : []));
    const { state, applier } = setup(source);
    applier.offer(run(1, [1, 2]));
    applier.noteHead(2);
    await sleep(40);
    expect(source).not.toHaveBeenCalled();
    applier.noteHead(4);
    await vi.waitFor(() => expect(state.version).toBe(4));
  });

  it('retries a fill that fails (the database is away)', async () => {
    let calls = 0;
    const source: RunSource = async () => {
      if (++calls === 1) throw new Error('connection refused');
      return [run(1, [1])];
    };
    const { state, applier } = setup(source);
    applier.noteHead(1);
    await vi.waitFor(() => expect(state.version).toBe(1));
    expect(calls).toBe(2);
  });

  it('starts a new game from the run that opens it: resize, pool restart, hooks', () => {
    const { state, applier, pool, hooks } = setup();
    applier.offer(run(1, [1, 2]));
    const reset = encodeBatch(3, [
      { x: RESET_X, y: 0, color: 7 },
      { x: 1, y: 1, color: 5 },
    ]).subarray(4);
    applier.offer({
      firstVersion: 3,
      game: 2,
      placedAt: 99,
      records: reset,
      opensGame: { game: 2, width: 4, height: 2, background: 7, firstVersion: 3, startedAt: 99 },
    });
    expect(state).toMatchObject({ width: 4, height: 2, game: 2, version: 4, background: 7 });
    expect(Array.from(state.pixels)).toEqual([7, 7, 7, 7, 7, 5, 7, 7]);
    expect(hooks.reset).toHaveBeenCalledWith(3, 99);
    expect(hooks.gameStarted).toHaveBeenCalledWith(true);
    expect(pool.recordsSince(2)).toBeNull(); // older clients catch up by snapshot
    expect(pool.recordsSince(3)!.length).toBe(5);
  });

  it('does not apply a run of another game that does not open it; the log fills in', async () => {
    const opening: ChangeRun = {
      ...run(2, [7]),
      game: 2,
      records: encodeBatch(2, [{ x: RESET_X, y: 0, color: 7 }]).subarray(4),
      opensGame: { game: 2, width: 8, height: 2, background: 7, firstVersion: 2, startedAt: 5 },
    };
    const source = vi.fn<RunSource>(async () => [opening, run(3, [3], 2)]);
    const { state, applier } = setup(source);
    applier.offer(run(1, [1]));
    applier.offer({ ...run(2, [3], 2), records: encodeBatch(2, [{ x: RESET_X, y: 0, color: 7 }]).subarray(4) });
    expect(state.version).toBe(1);
    await vi.waitFor(() => expect(state.version).toBe(3));
    expect(state.game).toBe(2);
  });
});
