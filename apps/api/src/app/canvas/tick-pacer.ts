/** How many recent broadcasts the pacer looks at: it follows their median. */
export const PACER_WINDOW = 5;

/**
 * Spaces the realtime ticks. Sending one frame to every socket costs time in proportion
 * to the number of sockets (one socket write each); at a fixed tick that cost would grow
 * until the event loop has nothing left for placements. The pacer keeps the broadcast
 * under `maxLoopShare` of the loop: the next tick starts `cost / maxLoopShare` after the
 * previous one began, never sooner than `minIntervalMs`, never later than `maxIntervalMs`.
 * Frames then carry more changes each; clients apply them by version either way.
 *
 * The cost is the median of the last PACER_WINDOW broadcasts, measured in wall time. A
 * single slow broadcast — a GC pause, the process descheduled on a busy machine, the first
 * write to freshly connected sockets — is not the cost of the next one: followed (even
 * smoothed), it stretched the tick for seconds, up to the 1-s maximum (issue 17's stall at
 * 2,000 sockets). A lasting change of cost (sockets joining) is followed within three ticks.
 */
export class TickPacer {
  /** The last PACER_WINDOW costs (a ring) and a scratch copy to sort: nothing allocated per tick. */
  private readonly costs = new Float64Array(PACER_WINDOW);
  private readonly sorted = new Float64Array(PACER_WINDOW);
  private recorded = 0;
  private costMs = 0;

  constructor(
    private readonly minIntervalMs: number,
    private readonly maxIntervalMs: number,
    private readonly maxLoopShare: number,
  ) {}

  /** The cost (ms of loop time) of one tick that broadcast a frame. */
  recordBroadcast(costMs: number): void {
    this.costs[this.recorded % PACER_WINDOW] = costMs;
    this.recorded++;
    if (this.recorded < PACER_WINDOW) {
      // the first few ticks: the median of what there is (views made only here)
      const first = this.costs.slice(0, this.recorded).sort();
      this.costMs = first[(this.recorded - 1) >> 1];
      return;
    }
    this.sorted.set(this.costs);
    this.sorted.sort();
    this.costMs = this.sorted[PACER_WINDOW >> 1];
  }

  /** Interval from the start of one tick to the start of the next. */
  intervalMs(): number {
    return Math.min(this.maxIntervalMs, Math.max(this.minIntervalMs, this.costMs / this.maxLoopShare));
  }

  broadcastCostMs(): number {
    return this.costMs;
  }
}
