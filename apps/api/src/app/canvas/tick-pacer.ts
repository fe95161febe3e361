/**
 * Spaces the realtime ticks. Sending one frame to every socket costs time in proportion
 * to the number of sockets (one socket write each); at a fixed tick that cost would grow
 * until the event loop has nothing left for placements. The pacer keeps the broadcast
 * under `maxLoopShare` of the loop: the next tick starts `cost / maxLoopShare` after the
 * previous one began, never sooner than `minIntervalMs`, never later than `maxIntervalMs`.
 * Frames then carry more changes each; clients apply them by version either way.
 */
export class TickPacer {
  private smoothedCostMs = 0;

  constructor(
    private readonly minIntervalMs: number,
    private readonly maxIntervalMs: number,
    private readonly maxLoopShare: number,
  ) {}

  /** The cost (ms of loop time) of one tick that broadcast a frame. */
  recordBroadcast(costMs: number): void {
    // A smoothed cost keeps one slow tick (a GC pause, a burst of joins) from stretching the next.
    this.smoothedCostMs = this.smoothedCostMs === 0 ? costMs : this.smoothedCostMs * 0.7 + costMs * 0.3;
  }

  /** Interval from the start of one tick to the start of the next. */
  intervalMs(): number {
    return Math.min(this.maxIntervalMs, Math.max(this.minIntervalMs, this.smoothedCostMs / this.maxLoopShare));
  }

  broadcastCostMs(): number {
    return this.smoothedCostMs;
  }
}
