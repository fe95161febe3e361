import { TimerHost } from '../common/scheduling/expiry-scheduler';

/**
 * Collects keys whose `status` changed because of a placement (a later `afkAt` and
 * `cooldownUntil`) and hands each key to `send` once, at most one tick after the first
 * change: a player placing every 20 ms costs one status per tick, not one per pixel. The
 * 201 already carries `cooldownUntil`; `send` builds the status from the state at flush
 * time, so the last change is the one that arrives. One timer, whatever the number of keys.
 */
export class StatusCoalescer<K> {
  private readonly dirty = new Set<K>();
  private timer: unknown = null;

  constructor(
    private readonly timers: TimerHost,
    private readonly intervalMs: number,
    private readonly send: (key: K) => void,
  ) {}

  mark(key: K): void {
    this.dirty.add(key);
    if (this.timer === null) this.timer = this.timers.setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Drops a pending status (the key left play or got a newer status another way). */
  forget(key: K): void {
    this.dirty.delete(key);
  }

  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) this.send(key);
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.dirty.clear();
  }
}
