import { DeadlineHeap, HeapItem } from './deadline-heap';

/** The timer functions the scheduler uses (injectable so tests can count armed timers). */
export interface TimerHost {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: TimerHost = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** setTimeout clamps larger delays to 1 ms; longer waits re-arm on wake-up. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * Expiry for any number of deadlines with ONE timer: a min-heap keyed by deadline and a
 * single timeout armed for the earliest one. Scheduling, moving and cancelling are
 * O(log n); the timer is re-armed only when a deadline earlier than the armed one
 * appears (a later top just lets the timer wake early and re-arm).
 */
export class ExpiryScheduler<T extends HeapItem> {
  private readonly heap = new DeadlineHeap<T>();
  private timer: unknown = null;
  private armedFor = Infinity;
  private firing = false;

  constructor(
    private readonly onExpire: (item: T, now: number) => void,
    private readonly timers: TimerHost = realTimers,
    private readonly onError: (error: unknown) => void = (error) => console.error('expiry handler failed', error),
  ) {}

  get size(): number {
    return this.heap.size;
  }

  /** Number of timers currently armed (0 or 1). */
  get armedTimers(): number {
    return this.timer === null ? 0 : 1;
  }

  has(item: T): boolean {
    return this.heap.has(item);
  }

  schedule(item: T, deadline: number): void {
    this.heap.set(item, deadline);
    if (!this.firing && deadline < this.armedFor) this.arm();
  }

  cancel(item: T): void {
    this.heap.remove(item);
    if (this.heap.size === 0 && !this.firing) this.disarm();
  }

  /** Stops the timer; items stay scheduled (used at shutdown). */
  stop(): void {
    this.disarm();
  }

  private arm(): void {
    this.disarm();
    const top = this.heap.peek();
    if (!top) return;
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, top.deadline - this.timers.now()));
    this.armedFor = top.deadline;
    this.timer = this.timers.setTimeout(() => this.fire(), delay);
  }

  private disarm(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
  }

  private fire(): void {
    this.timer = null;
    this.armedFor = Infinity;
    this.firing = true;
    try {
      const now = this.timers.now();
      for (let top = this.heap.peek(); top && top.deadline <= now; top = this.heap.peek()) {
        this.heap.remove(top);
        try {
          this.onExpire(top, now);
        } catch (error) {
          this.onError(error);
        }
      }
    } finally {
      this.firing = false;
      this.arm();
    }
  }
}
