import { TimerHost } from '../common/scheduling/expiry-scheduler';

/** A key of the coalescer carries its own "status due" mark (no set to grow and empty every tick). */
export interface StatusDue {
  statusDue: boolean;
}

/**
 * Collects keys whose `status` changed because of a placement (a later `afkAt` and
 * `cooldownUntil`) and hands each key to `send` once, at most one tick after the first
 * change: a player placing every 20 ms costs one status per tick, not one per pixel. The
 * 201 already carries `cooldownUntil`; `send` builds the status from the state at flush
 * time, so the last change is the one that arrives. One timer, whatever the number of keys.
 *
 * Allocation-free once warm (issue 17: it runs on every placement): the due keys are a
 * reused array and each key's mark; a key forgotten and marked again in one tick is listed
 * twice and sent once (the mark is cleared by the first).
 */
export class StatusCoalescer<K extends StatusDue> {
  private readonly due: Array<K | null> = [];
  private count = 0;
  private timer: unknown = null;
  private readonly flushNow = (): void => this.flush();

  constructor(
    private readonly timers: TimerHost,
    private readonly intervalMs: number,
    private readonly send: (key: K) => void,
  ) {}

  mark(key: K): void {
    if (key.statusDue) return;
    key.statusDue = true;
    this.due[this.count++] = key;
    if (this.timer === null) this.timer = this.timers.setTimeout(this.flushNow, this.intervalMs);
  }

  /** Drops a pending status (the key left play or got a newer status another way). */
  forget(key: K): void {
    key.statusDue = false;
  }

  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    // keys marked by a send land after `count` and wait for the next flush
    const count = this.count;
    for (let i = 0; i < count; i++) {
      const key = this.due[i]!;
      this.due[i] = null;
      if (!key.statusDue) continue;
      key.statusDue = false;
      this.send(key);
    }
    this.compact(count);
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    for (let i = 0; i < this.count; i++) {
      this.due[i]!.statusDue = false;
      this.due[i] = null;
    }
    this.count = 0;
  }

  /** Moves keys marked during the flush (after `flushed`; their mark armed the timer again) to the front. */
  private compact(flushed: number): void {
    const left = this.count - flushed;
    for (let i = 0; i < left; i++) {
      this.due[i] = this.due[flushed + i];
      this.due[flushed + i] = null;
    }
    this.count = left;
  }
}
