import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CanvasSnapshots } from './canvas-snapshots';
import { CanvasState } from './canvas-state';
import { ChangePool } from './change-pool';
import { PlacementLogRepository } from './placement-log.repository';

const log = { saveCheckpoint: () => Promise.resolve() } as unknown as PlacementLogRepository;

/** Commits `n` versions one by one, telling the snapshots after each like the applier does. */
function commit(state: CanvasState, snapshots: CanvasSnapshots, n: number): void {
  for (let i = 0; i < n; i++) {
    state.version++;
    state.pixels[state.version % state.pixels.length] = state.version % 32;
    snapshots.onCommitted();
  }
}

describe('CanvasSnapshots cadence', () => {
  let state: CanvasState;
  let snapshots: CanvasSnapshots | null = null;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: 1_000_000 });
    state = CanvasState.blank(64, 64, 0, 0, 1);
  });
  afterEach(() => {
    snapshots?.stop();
    vi.useRealTimers();
  });

  async function start(minIntervalMs: number): Promise<CanvasSnapshots> {
    snapshots = new CanvasSnapshots(state, new ChangePool(100, 1), log, { every: 10, minIntervalMs, freshnessMs: 5000, checkpointEvery: 1_000_000 }, 0);
    await snapshots.start();
    return snapshots;
  }

  it('without a minimum interval, takes one every SNAPSHOT_EVERY versions', async () => {
    const s = await start(0);
    commit(state, s, 10);
    await s.settle();
    expect(s.latest.version).toBe(10);
    commit(state, s, 10);
    await s.settle();
    expect(s.latest.version).toBe(20);
  });

  it('with SNAPSHOT_MIN_INTERVAL_MS, waits until the last snapshot is that old, then takes the current version', async () => {
    const s = await start(1000);
    vi.advanceTimersByTime(1000);
    commit(state, s, 10);
    await s.settle();
    expect(s.latest.version).toBe(10); // the last one was old enough
    commit(state, s, 35); // 3.5 × SNAPSHOT_EVERY within the interval: no snapshot yet
    await s.settle();
    expect(s.latest.version).toBe(10);
    vi.advanceTimersByTime(999);
    await s.settle();
    expect(s.latest.version).toBe(10);
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(s.latest.version).toBe(45));
  });
});
