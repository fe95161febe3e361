import { describe, expect, it } from 'vitest';
import { ChangeRecord, RESET_X, decodeBatchFrame, encodeBatch } from './batch';
import { CatchUp, ChangesRequest } from './catch-up';
import { decodeChangesAnswer, encodeDeltaAnswer, encodeSnapshotAnswer } from './changes';
import { CanvasSnapshot, decodeSnapshot, encodeSnapshot } from './snapshot';

const W = 8;
const H = 6;

function snapshot(version: number, fill = 0, width = W, height = H): CanvasSnapshot {
  return { width, height, version, pixels: new Uint8Array(width * height).fill(fill) };
}

function frame(firstVersion: number, changes: ChangeRecord[]) {
  return decodeBatchFrame(encodeBatch(firstVersion, changes));
}

function px(x: number, y: number, color: number): ChangeRecord {
  return { x, y, color };
}

function reset(color: number): ChangeRecord {
  return { x: RESET_X, y: 0, color };
}

function delta(firstVersion: number, changes: ChangeRecord[]) {
  return decodeChangesAnswer(encodeDeltaAnswer(encodeBatch(firstVersion, changes)));
}

function full(snap: CanvasSnapshot, changes: ChangeRecord[]) {
  return decodeChangesAnswer(encodeSnapshotAnswer(encodeSnapshot(snap), encodeBatch(snap.version + 1, changes)));
}

function recorder() {
  const events: string[] = [];
  return {
    events,
    listener: {
      pixel: (x: number, y: number, c: number, v: number) => events.push(`p${x},${y}=${c}@${v}`),
      reset: (c: number, v: number) => events.push(`r${c}@${v}`),
      replaced: (s: CanvasSnapshot) => events.push(`s${s.width}x${s.height}@${s.version}`),
    },
  };
}

describe('CatchUp: snapshots', () => {
  it('starts empty and loads a first snapshot', () => {
    const { events, listener } = recorder();
    const sync = new CatchUp(listener);
    expect(sync.version).toBe(-1);
    expect(sync.pixels).toBeNull();
    expect(sync.loadSnapshot(snapshot(7, 3))).toBe(true);
    expect(sync.version).toBe(7);
    expect([sync.width, sync.height]).toEqual([W, H]);
    expect(sync.pixels?.every((c) => c === 3)).toBe(true);
    expect(events).toEqual(['s8x6@7']);
  });

  it('never goes back in time, but accepts a resize or a forced load', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(10, 1));
    expect(sync.loadSnapshot(snapshot(9, 2))).toBe(false);
    expect(sync.loadSnapshot(snapshot(10, 2))).toBe(false);
    expect(sync.version).toBe(10);
    expect(sync.loadSnapshot(snapshot(4, 2, 16, 16))).toBe(true);
    expect([sync.width, sync.height, sync.version]).toEqual([16, 16, 4]);
    expect(sync.loadSnapshot(snapshot(3, 5, 16, 16), true)).toBe(true);
    expect(sync.version).toBe(3);
  });

  it('clear() forgets the bitmap and the pending request', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(1));
    sync.receiveFrame(frame(5, [px(0, 0, 1)]));
    sync.clear();
    expect(sync.pixels).toBeNull();
    expect(sync.version).toBe(-1);
    expect(sync.pendingRequest).toBeNull();
    expect(sync.bufferedFrames).toBe(0);
  });
});

describe('CatchUp: live frames', () => {
  it('applies contiguous frames in order and reports each change', () => {
    const { events, listener } = recorder();
    const sync = new CatchUp(listener);
    sync.loadSnapshot(snapshot(10));
    expect(sync.receiveFrame(frame(11, [px(1, 2, 5), px(7, 5, 6)]))).toEqual({ kind: 'applied', applied: 2 });
    expect(sync.receiveFrame(frame(13, [px(0, 0, 9)]))).toEqual({ kind: 'applied', applied: 1 });
    expect(sync.version).toBe(13);
    expect(sync.pixels?.[2 * W + 1]).toBe(5);
    expect(sync.pixels?.[5 * W + 7]).toBe(6);
    expect(sync.pixels?.[0]).toBe(9);
    expect(events).toEqual(['s8x6@10', 'p1,2=5@11', 'p7,5=6@12', 'p0,0=9@13']);
  });

  it('drops stale frames and applies only the new part of an overlapping one', () => {
    const { events, listener } = recorder();
    const sync = new CatchUp(listener);
    sync.loadSnapshot(snapshot(10));
    expect(sync.receiveFrame(frame(8, [px(0, 0, 1), px(0, 0, 2), px(0, 0, 3)]))).toEqual({ kind: 'applied', applied: 0 });
    expect(sync.receiveFrame(frame(2, [px(0, 0, 1)]))).toEqual({ kind: 'applied', applied: 0 });
    expect(sync.pixels?.[0]).toBe(0);
    expect(sync.receiveFrame(frame(9, [px(0, 0, 1), px(0, 0, 2), px(1, 0, 3), px(2, 0, 4)]))).toEqual({
      kind: 'applied',
      applied: 2,
    });
    expect(sync.version).toBe(12);
    expect(Array.from(sync.pixels!.subarray(0, 3))).toEqual([0, 3, 4]);
    expect(events).toEqual(['s8x6@10', 'p1,0=3@11', 'p2,0=4@12']);
  });

  it('accepts an empty frame that starts at version + 1', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(4));
    expect(sync.receiveFrame(frame(5, []))).toEqual({ kind: 'applied', applied: 0 });
    expect(sync.version).toBe(4);
    expect(sync.pendingRequest).toBeNull();
  });

  it('treats an empty frame announcing a later version as a gap', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(4));
    expect(sync.receiveFrame(frame(9, []))).toEqual({ kind: 'fetch', request: { since: 4 } });
  });

  it('applies reset records: the whole canvas takes the colour, later records apply on top', () => {
    const { events, listener } = recorder();
    const sync = new CatchUp(listener);
    sync.loadSnapshot(snapshot(0, 1));
    sync.receiveFrame(frame(1, [px(3, 3, 4), reset(7), px(2, 1, 9)]));
    expect(sync.version).toBe(3);
    const expected = new Uint8Array(W * H).fill(7);
    expected[1 * W + 2] = 9;
    expect(sync.pixels).toEqual(expected);
    expect(events).toEqual(['s8x6@0', 'p3,3=4@1', 'r7@2', 'p2,1=9@3']);
  });

  it('asks for a full snapshot when a frame arrives before any bitmap', () => {
    const sync = new CatchUp();
    expect(sync.receiveFrame(frame(3, [px(0, 0, 1)]))).toEqual({ kind: 'fetch', request: { since: null } });
    expect(sync.receiveFrame(frame(4, [px(0, 0, 2)]))).toEqual({ kind: 'buffered' });
    expect(sync.applyChanges(full(snapshot(3, 0), []))).toBeNull();
    expect(sync.version).toBe(4);
    expect(sync.pixels?.[0]).toBe(2);
  });
});

describe('CatchUp: gaps and /changes answers', () => {
  it('buffers after a gap, applies a delta answer, then drains dropping duplicates', () => {
    const { events, listener } = recorder();
    const sync = new CatchUp(listener);
    sync.loadSnapshot(snapshot(10));
    expect(sync.receiveFrame(frame(14, [px(4, 0, 4), px(5, 0, 5)]))).toEqual({ kind: 'fetch', request: { since: 10 } });
    expect(sync.pendingRequest).toEqual({ since: 10 });
    expect(sync.receiveFrame(frame(16, [px(6, 0, 6)]))).toEqual({ kind: 'buffered' });
    expect(sync.receiveFrame(frame(17, [px(7, 0, 7)]))).toEqual({ kind: 'buffered' });
    expect(sync.bufferedFrames).toBe(3);
    // The answer was computed when the server was at version 16.
    const answer = delta(11, [px(1, 0, 1), px(2, 0, 2), px(3, 0, 3), px(4, 0, 4), px(5, 0, 5), px(6, 0, 6)]);
    expect(sync.applyChanges(answer)).toBeNull();
    expect(sync.version).toBe(17);
    expect(sync.pendingRequest).toBeNull();
    expect(sync.bufferedFrames).toBe(0);
    expect(Array.from(sync.pixels!.subarray(0, 8))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Every version reported exactly once, in order.
    expect(events.slice(1).map((e) => Number(e.split('@')[1]))).toEqual([11, 12, 13, 14, 15, 16, 17]);
  });

  it('copies buffered records: the caller may reuse the frame buffer', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(0));
    const bytes = encodeBatch(5, [px(1, 1, 3)]);
    sync.receiveFrame(decodeBatchFrame(bytes));
    bytes.fill(0);
    sync.applyChanges(delta(1, [px(0, 0, 1), px(0, 0, 1), px(0, 0, 1), px(0, 0, 1)]));
    expect(sync.version).toBe(5);
    expect(sync.pixels?.[W + 1]).toBe(3);
  });

  it('replaces the bitmap with an S answer (possibly resized) and continues from it', () => {
    const { events, listener } = recorder();
    const sync = new CatchUp(listener);
    sync.loadSnapshot(snapshot(10));
    sync.receiveFrame(frame(500, [px(0, 0, 1)]));
    sync.receiveFrame(frame(501, [px(11, 11, 2)]));
    const answer = full(
      snapshot(480, 3, 12, 12),
      Array.from({ length: 19 }, () => px(1, 1, 4)),
    );
    expect(sync.applyChanges(answer)).toBeNull();
    expect([sync.width, sync.height, sync.version]).toEqual([12, 12, 501]);
    expect(sync.pixels?.[0]).toBe(1);
    expect(sync.pixels?.[13]).toBe(4);
    expect(sync.pixels?.[143]).toBe(2);
    expect(events[1]).toBe('s12x12@480');
  });

  it('asks again when a gap remains among the buffered frames', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(0));
    sync.receiveFrame(frame(3, [px(0, 0, 3)]));
    sync.receiveFrame(frame(9, [px(0, 0, 9)]));
    const again = sync.applyChanges(delta(1, [px(0, 0, 1), px(0, 0, 2), px(0, 0, 3)]));
    expect(again).toEqual({ since: 3 });
    expect(sync.pendingRequest).toEqual({ since: 3 });
    expect(sync.bufferedFrames).toBe(1);
    expect(sync.receiveFrame(frame(10, [px(0, 0, 10)]))).toEqual({ kind: 'buffered' });
    expect(
      sync.applyChanges(
        delta(
          4,
          [4, 5, 6, 7, 8, 9].map((c) => px(0, 0, c)),
        ),
      ),
    ).toBeNull();
    expect(sync.version).toBe(10);
    expect(sync.pixels?.[0]).toBe(10);
  });

  it('falls back to a full snapshot when a delta does not connect', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(5));
    sync.receiveFrame(frame(9, [px(0, 0, 1)]));
    expect(sync.applyChanges(delta(8, [px(0, 0, 1), px(0, 0, 1)]))).toEqual({ since: null });
    expect(sync.bufferedFrames).toBe(0);
    expect(sync.version).toBe(5);
  });

  it('keeps the buffer and the request when the fetch fails', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(5));
    sync.receiveFrame(frame(9, [px(0, 0, 1)]));
    expect(sync.changesFailed()).toEqual({ since: 5 });
    expect(sync.bufferedFrames).toBe(1);
    expect(sync.receiveFrame(frame(10, [px(0, 0, 2)]))).toEqual({ kind: 'buffered' });
    expect(sync.applyChanges(delta(6, [px(1, 0, 1), px(1, 0, 1), px(1, 0, 1)]))).toBeNull();
    expect(sync.version).toBe(10);
    expect(sync.pixels?.[0]).toBe(2);
  });

  it('drops the buffer past its limit and recovers through the next gap', () => {
    const sync = new CatchUp({}, { maxBufferedRecords: 3 });
    sync.loadSnapshot(snapshot(0));
    sync.receiveFrame(frame(2, [px(0, 0, 2), px(0, 0, 3)]));
    sync.receiveFrame(frame(4, [px(0, 0, 4), px(0, 0, 5)]));
    expect(sync.bufferedFrames).toBe(0);
    expect(
      sync.applyChanges(
        delta(
          1,
          [1, 2, 3].map((c) => px(0, 0, c)),
        ),
      ),
    ).toBeNull();
    expect(sync.version).toBe(3);
    expect(sync.receiveFrame(frame(6, [px(0, 0, 6)]))).toEqual({ kind: 'fetch', request: { since: 3 } });
  });
});

describe('CatchUp: checking on demand (after a reconnection)', () => {
  it('asks from the current version and buffers frames meanwhile', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(7));
    expect(sync.checkNow()).toEqual({ since: 7 });
    expect(sync.checkNow()).toBeNull();
    // A frame that would have applied directly is held until the answer.
    expect(sync.receiveFrame(frame(10, [px(3, 0, 10)]))).toEqual({ kind: 'buffered' });
    expect(sync.applyChanges(delta(8, [px(1, 0, 8), px(2, 0, 9)]))).toBeNull();
    expect(sync.version).toBe(10);
    expect(Array.from(sync.pixels!.subarray(0, 4))).toEqual([0, 8, 9, 10]);
  });

  it('accepts an empty answer when nothing was missed', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(7));
    sync.checkNow();
    expect(sync.applyChanges(delta(8, []))).toBeNull();
    expect(sync.version).toBe(7);
    expect(sync.pendingRequest).toBeNull();
  });

  it('asks for a snapshot when there is no bitmap yet', () => {
    expect(new CatchUp().checkNow()).toEqual({ since: null });
  });

  it('does not interrupt a pending gap request', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(1));
    sync.receiveFrame(frame(5, [px(0, 0, 1)]));
    expect(sync.checkNow()).toBeNull();
    expect(sync.pendingRequest).toEqual({ since: 1 });
  });
});

describe('CatchUp: records that do not fit', () => {
  it('resynchronises from a snapshot when a record lies outside the bitmap (resize)', () => {
    const sync = new CatchUp();
    sync.loadSnapshot(snapshot(0));
    const out = sync.receiveFrame(frame(1, [px(1, 1, 1), reset(0), px(W + 2, 0, 3)]));
    expect(out).toEqual({ kind: 'fetch', request: { since: null } });
    expect(sync.version).toBe(2);
    expect(sync.receiveFrame(frame(4, [px(W + 3, 0, 4)]))).toEqual({ kind: 'buffered' });
    const bigger = snapshot(2, 0, W * 2, H);
    expect(sync.applyChanges(full(bigger, [px(W + 2, 0, 3)]))).toBeNull();
    expect([sync.width, sync.version]).toEqual([W * 2, 4]);
    expect(sync.pixels?.[W + 2]).toBe(3);
    expect(sync.pixels?.[W + 3]).toBe(4);
  });

  it('refuses colours outside the palette', () => {
    const sync = new CatchUp({}, { paletteSize: 4 });
    sync.loadSnapshot(snapshot(0));
    expect(sync.receiveFrame(frame(1, [px(0, 0, 4)]))).toEqual({ kind: 'fetch', request: { since: null } });
    expect(sync.version).toBe(0);
  });
});

/** A tiny server model: a log of changes, a pool and periodic snapshots. */
class ModelServer {
  readonly pixels: Uint8Array;
  version = 0;
  private readonly log: ChangeRecord[] = [];
  private snapshotBytes: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly poolSize: number,
  ) {
    this.pixels = new Uint8Array(width * height);
    this.snapshotBytes = encodeSnapshot({ width, height, version: 0, pixels: this.pixels });
  }

  change(rand: () => number): ChangeRecord {
    const c = rand() < 0.02 ? reset(Math.floor(rand() * 8)) : px(Math.floor(rand() * this.width), Math.floor(rand() * this.height), Math.floor(rand() * 8));
    if (c.x === RESET_X) this.pixels.fill(c.color);
    else this.pixels[c.y * this.width + c.x] = c.color;
    this.log.push(c);
    this.version++;
    if (this.version % 50 === 0) {
      this.snapshotBytes = encodeSnapshot({ width: this.width, height: this.height, version: this.version, pixels: this.pixels });
    }
    return c;
  }

  frame(fromVersion: number) {
    return encodeBatch(fromVersion + 1, this.log.slice(fromVersion));
  }

  changes(request: ChangesRequest): Uint8Array {
    const oldest = this.version - this.poolSize;
    if (request.since === null || request.since < oldest || request.since > this.version) {
      const snap = decodeSnapshot(this.snapshotBytes);
      return encodeSnapshotAnswer(this.snapshotBytes, this.frame(snap.version));
    }
    return encodeDeltaAnswer(this.frame(request.since));
  }
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('CatchUp: randomized against a model server', () => {
  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`converges exactly with lost frames and late answers (seed ${seed})`, () => {
      const rand = lcg(seed);
      const server = new ModelServer(13, 7, 120);
      // Every change is reported once, in order: each report follows the previous one
      // (or the snapshot that replaced the bitmap) by exactly one version.
      let last = -1;
      let broken = 0;
      const report = (v: number) => {
        if (v !== last + 1) broken++;
        last = v;
      };
      const sync = new CatchUp({
        pixel: (_x, _y, _c, v) => report(v),
        reset: (_c, v) => report(v),
        replaced: (s) => (last = s.version),
      });
      sync.loadSnapshot(decodeSnapshot(encodeSnapshot({ width: 13, height: 7, version: 0, pixels: new Uint8Array(91) })));
      let inFlight: { request: ChangesRequest; dueTick: number } | null = null;
      let sent = 0;
      for (let tick = 0; tick < 400; tick++) {
        const n = Math.floor(rand() * 6);
        for (let i = 0; i < n; i++) server.change(rand);
        const frameBytes = server.frame(sent);
        sent = server.version;
        // 15 % of frames are lost (socket dropped and reconnected).
        if (rand() >= 0.15) {
          const outcome = sync.receiveFrame(decodeBatchFrame(frameBytes));
          if (outcome.kind === 'fetch') {
            expect(inFlight).toBeNull();
            inFlight = { request: outcome.request, dueTick: tick + Math.floor(rand() * 4) };
          }
        }
        if (inFlight && tick >= inFlight.dueTick) {
          const request = inFlight.request;
          inFlight = null;
          if (rand() < 0.1) {
            const retry = sync.changesFailed();
            expect(retry).toEqual(request);
            inFlight = { request: retry!, dueTick: tick + 1 };
            continue;
          }
          const next = sync.applyChanges(decodeChangesAnswer(server.changes(request)));
          if (next) inFlight = { request: next, dueTick: tick + 1 };
        }
      }
      // Let everything settle: no more changes, deliver an empty frame and answer requests.
      let guard = 0;
      let outcome = sync.receiveFrame(decodeBatchFrame(server.frame(server.version)));
      let request: ChangesRequest | null = inFlight?.request ?? (outcome.kind === 'fetch' ? outcome.request : null);
      while (request && guard++ < 5) request = sync.applyChanges(decodeChangesAnswer(server.changes(request)));
      outcome = sync.receiveFrame(decodeBatchFrame(server.frame(server.version)));
      expect(outcome.kind).toBe('applied');
      expect(sync.version).toBe(server.version);
      expect(sync.pixels).toEqual(server.pixels);
      expect(broken).toBe(0);
      expect(last).toBe(server.version);
    });
  }
});
