import { DecodedBatch, RESET_X, lastVersionOf, recordColor, recordX, recordY } from './batch';
import { ChangesAnswer } from './changes';
import { CanvasSnapshot } from './snapshot';

/**
 * Client-side version tracking and catch-up (docs/protocol.md 5), free of any framework or
 * transport: frames and `/changes` answers go in, bitmap updates come out through a
 * listener, and the caller is told when (and from which version) to ask
 * `GET /api/canvas/changes`.
 */

/** Receives every change applied to the bitmap, in version order. */
export interface CanvasChangeListener {
  /** One pixel changed (version is the change's own version). */
  pixel?(x: number, y: number, color: number, version: number): void;
  /** A reset record filled the whole bitmap with `color`. */
  reset?(color: number, version: number): void;
  /** The bitmap was replaced by a snapshot (its dimensions may have changed). */
  replaced?(snapshot: CanvasSnapshot): void;
}

/**
 * "Fetch `/api/canvas/changes?since=<since>` and hand the answer to `applyChanges`."
 * `since` is null when the client must resynchronise from a full snapshot (it holds
 * no bitmap yet, or a record did not fit its bitmap, e.g. after a resize); the caller
 * then omits the parameter and the server answers 'S'.
 */
export interface ChangesRequest {
  since: number | null;
}

export type FrameOutcome =
  /** Every new record was applied (`applied` may be 0 for a stale frame). */
  | { kind: 'applied'; applied: number }
  /** The frame was kept until the pending `/changes` answer arrives. */
  | { kind: 'buffered' }
  /** A gap: the frame was kept; fetch the changes described by `request`. */
  | { kind: 'fetch'; request: ChangesRequest };

export interface CatchUpOptions {
  /** Number of palette colours; a record with a colour outside it is refused. Default 256. */
  paletteSize?: number;
  /**
   * Most records kept while a `/changes` request is pending. Past it the buffer is
   * dropped: that is always safe, the next frame then shows a gap and triggers a new
   * request. Default 1,000,000 (5 MB).
   */
  maxBufferedRecords?: number;
}

const NO_VERSION = -1;

export class CatchUp {
  private bitmap: Uint8Array | null = null;
  private w = 0;
  private h = 0;
  private current = NO_VERSION;
  private pending: ChangesRequest | null = null;
  private buffer: DecodedBatch[] = [];
  private bufferedRecords = 0;
  private readonly paletteSize: number;
  private readonly maxBufferedRecords: number;

  constructor(
    private readonly listener: CanvasChangeListener = {},
    options: CatchUpOptions = {},
  ) {
    this.paletteSize = options.paletteSize ?? 256;
    this.maxBufferedRecords = options.maxBufferedRecords ?? 1_000_000;
  }

  /** Version shown by the bitmap, or -1 before the first snapshot. */
  get version(): number {
    return this.current;
  }

  get width(): number {
    return this.w;
  }

  get height(): number {
    return this.h;
  }

  /** Row-major palette indices (null before the first snapshot). Owned by this object. */
  get pixels(): Uint8Array | null {
    return this.bitmap;
  }

  /** The `/changes` request the caller has been asked to make and has not answered yet. */
  get pendingRequest(): ChangesRequest | null {
    return this.pending;
  }

  /** Frames held back while a request is pending. */
  get bufferedFrames(): number {
    return this.buffer.length;
  }

  /**
   * Loads a snapshot (guest polling, first load). It replaces the bitmap when there is
   * none, when the dimensions differ, when it is newer than the bitmap, or when `force`
   * is set; an older snapshot is ignored so the picture never goes back in time.
   * Returns whether it was loaded.
   */
  loadSnapshot(snapshot: CanvasSnapshot, force = false): boolean {
    const resized = snapshot.width !== this.w || snapshot.height !== this.h;
    if (!force && this.bitmap && !resized && snapshot.version <= this.current) return false;
    this.replace(snapshot);
    return true;
  }

  /** Forgets the bitmap and any pending request (e.g. the caller switches servers). */
  clear(): void {
    this.bitmap = null;
    this.w = 0;
    this.h = 0;
    this.current = NO_VERSION;
    this.pending = null;
    this.dropBuffer();
  }

  /** Handles one realtime batch frame (already decoded). */
  receiveFrame(batch: DecodedBatch): FrameOutcome {
    if (this.pending) {
      this.keep(batch);
      return { kind: 'buffered' };
    }
    if (!this.bitmap) return this.ask(batch, null);
    if (batch.firstVersion > this.current + 1) return this.ask(batch, this.current);
    const applied = this.applyFrom(batch);
    if (applied === null) return this.ask(null, null);
    return { kind: 'applied', applied };
  }

  /**
   * Applies the answer to the pending request, then drains the buffered frames,
   * dropping what the answer already covered. Returns a new request when a gap
   * remains (or the answer could not be used), else null.
   */
  applyChanges(answer: ChangesAnswer): ChangesRequest | null {
    this.pending = null;
    if (answer.kind === 'snapshot') {
      this.replace(answer.snapshot);
    } else if (!this.bitmap || answer.batch.firstVersion > this.current + 1) {
      // A delta that does not connect to the bitmap: only a full snapshot helps.
      return this.ask(null, null).request;
    }
    if (this.applyFrom(answer.batch) === null) return this.ask(null, null).request;
    return this.drain();
  }

  /**
   * Asks to compare with the server now, e.g. right after the realtime channel (re)connects:
   * frames missed while it was down produce no gap until the next change, and a quiet
   * canvas might never send one. Frames arriving meanwhile are buffered as for a gap.
   * Returns the request to make, or null when one is already pending.
   */
  checkNow(): ChangesRequest | null {
    if (this.pending) return null;
    this.pending = { since: this.bitmap ? this.current : null };
    return this.pending;
  }

  /**
   * The pending request failed (network, 5xx, undecodable answer). The buffer is kept;
   * the returned request is the one to retry, typically after a back-off.
   */
  changesFailed(): ChangesRequest | null {
    return this.pending;
  }

  private drain(): ChangesRequest | null {
    const frames = this.buffer.sort((a, b) => a.firstVersion - b.firstVersion);
    this.buffer = [];
    this.bufferedRecords = 0;
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i];
      if (lastVersionOf(frame) <= this.current) continue;
      if (frame.firstVersion > this.current + 1) {
        // Still a gap (a frame went missing meanwhile): keep the rest and ask again.
        for (let j = i; j < frames.length; j++) this.keep(frames[j]);
        this.pending = { since: this.current };
        return this.pending;
      }
      if (this.applyFrom(frame) === null) return this.ask(null, null).request;
    }
    return null;
  }

  private ask(batch: DecodedBatch | null, since: number | null): { kind: 'fetch'; request: ChangesRequest } {
    if (since === null) this.dropBuffer();
    else if (batch) this.keep(batch);
    this.pending = { since };
    return { kind: 'fetch', request: this.pending };
  }

  private keep(batch: DecodedBatch): void {
    if (batch.count === 0) return;
    if (this.bufferedRecords + batch.count > this.maxBufferedRecords) {
      this.dropBuffer();
      return;
    }
    // The records are a view into the socket's buffer: keep our own copy.
    this.buffer.push({ firstVersion: batch.firstVersion, count: batch.count, records: batch.records.slice() });
    this.bufferedRecords += batch.count;
  }

  private dropBuffer(): void {
    this.buffer = [];
    this.bufferedRecords = 0;
  }

  private replace(snapshot: CanvasSnapshot): void {
    this.bitmap = snapshot.pixels;
    this.w = snapshot.width;
    this.h = snapshot.height;
    this.current = snapshot.version;
    this.listener.replaced?.(snapshot);
  }

  /**
   * Applies the records of `batch` newer than the bitmap. The caller guarantees the
   * batch starts at or before `current + 1`. Returns the number applied, or null when a
   * record does not fit the bitmap (the records before it stay applied and `current`
   * matches them).
   */
  private applyFrom(batch: DecodedBatch): number | null {
    const bitmap = this.bitmap;
    if (!bitmap) return null;
    const { records, count, firstVersion } = batch;
    const start = Math.max(0, this.current + 1 - firstVersion);
    const { pixel, reset } = this.listener;
    for (let i = start; i < count; i++) {
      const x = recordX(records, i);
      const y = recordY(records, i);
      const color = recordColor(records, i);
      const version = firstVersion + i;
      if (color >= this.paletteSize) return null;
      if (x === RESET_X) {
        bitmap.fill(color);
        this.current = version;
        reset?.call(this.listener, color, version);
      } else {
        if (x >= this.w || y >= this.h) return null;
        bitmap[y * this.w + x] = color;
        this.current = version;
        pixel?.call(this.listener, x, y, color, version);
      }
    }
    return Math.max(0, count - start);
  }
}
