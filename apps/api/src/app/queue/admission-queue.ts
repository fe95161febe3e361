import { Logger } from '@nestjs/common';
import type { TimerHost } from '../common/scheduling/expiry-scheduler';
import { AdmissionLoad } from './admission-load';
import { FifoQueue } from './fifo-queue';

/** Queue positions are pushed at most this often, so a long queue does not flood. */
export const QUEUE_STATUS_INTERVAL_MS = 500;
/** While the load signal holds admission back, it is read again this often. */
export const LOAD_RECHECK_MS = 1000;

/** What the queue needs of an entry: whether it is reachable now, and what it was last told. */
export interface QueueEntry {
  /** Null while the user's socket is gone (stalled): kept in place, skipped for admission. */
  socket: unknown;
  /** Last position sent to the entry (0: none). */
  sentPosition: number;
}

export interface AdmissionQueueHooks<T> {
  /** Tells a live entry its new position. */
  notifyPosition(entry: T, position: number, queueLength: number): void;
  /** Moves the entry (already removed from the queue) to play. */
  admit(entry: T): void;
}

/**
 * The admission FIFO: arrival order, O(log n) positions, admission of reachable entries
 * from the head while there is room and measured load allows (rechecked every
 * LOAD_RECHECK_MS while it does not), throttled position updates.
 */
export class AdmissionQueue<T extends QueueEntry> {
  private readonly logger = new Logger('Admission');
  private readonly fifo = new FifoQueue<T>();
  private positionTimer: unknown = null;
  private lastPositionFlush = -Infinity;
  private loadTimer: unknown = null;
  private admitting = false;
  /** Why admission is held back by load right now (null: it is not). */
  pausedReason: string | null = null;

  constructor(
    private readonly load: AdmissionLoad,
    private readonly timers: TimerHost,
    private readonly hooks: AdmissionQueueHooks<T>,
  ) {}

  get length(): number {
    return this.fifo.length;
  }

  enqueue(entry: T): number {
    return this.fifo.enqueue(entry);
  }

  /** Removes the entry; the ones behind it hear their new position shortly. */
  remove(entry: T): boolean {
    if (!this.fifo.remove(entry)) return false;
    this.schedulePositionFlush();
    return true;
  }

  position(entry: T): number | null {
    return this.fifo.position(entry);
  }

  /** Admits reachable entries in order while `hasRoom()` and the load signal allow. */
  admitWhile(hasRoom: () => boolean): number {
    if (this.admitting) return 0;
    this.admitting = true;
    let admitted = 0;
    let overloaded: string | null = null;
    try {
      for (const entry of this.fifo.keys()) {
        if (!hasRoom()) break;
        if (entry.socket === null) continue;
        const verdict = this.load.verdict();
        if (verdict.overloaded) {
          overloaded = verdict.reason;
          break;
        }
        this.fifo.remove(entry);
        this.hooks.admit(entry);
        admitted++;
      }
    } finally {
      this.admitting = false;
    }
    this.setPaused(overloaded, hasRoom);
    if (admitted > 0 && this.fifo.length > 0) this.schedulePositionFlush();
    return admitted;
  }

  stop(): void {
    if (this.positionTimer !== null) this.timers.clearTimeout(this.positionTimer);
    if (this.loadTimer !== null) this.timers.clearTimeout(this.loadTimer);
    this.positionTimer = null;
    this.loadTimer = null;
  }

  private setPaused(reason: string | null, hasRoom: () => boolean): void {
    if (reason === null) {
      if (this.pausedReason !== null) this.logger.log('admission resumed');
      this.pausedReason = null;
      return;
    }
    if (this.pausedReason === null) this.logger.warn(`admission paused: ${reason}`);
    this.pausedReason = reason;
    if (this.loadTimer !== null) return;
    this.loadTimer = this.timers.setTimeout(() => {
      this.loadTimer = null;
      this.admitWhile(hasRoom);
    }, LOAD_RECHECK_MS);
  }

  private schedulePositionFlush(): void {
    if (this.positionTimer !== null) return;
    const delay = Math.max(0, this.lastPositionFlush + QUEUE_STATUS_INTERVAL_MS - this.timers.now());
    this.positionTimer = this.timers.setTimeout(() => this.flushPositions(), delay);
  }

  /** Tells every live entry whose position changed since it was last told. */
  private flushPositions(): void {
    this.positionTimer = null;
    this.lastPositionFlush = this.timers.now();
    const queueLength = this.fifo.length;
    let position = 0;
    for (const entry of this.fifo.keys()) {
      position++;
      if (entry.socket !== null && entry.sentPosition !== position) this.hooks.notifyPosition(entry, position, queueLength);
    }
  }
}
