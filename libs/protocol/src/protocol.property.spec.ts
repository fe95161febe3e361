import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64';
import {
  ChangeRecord,
  RECORD_BYTES,
  RESET_X,
  applyBatchRecords,
  decodeBatchFrame,
  encodeBatch,
  encodeBatchFrame,
  readRecord,
  validateBatch,
  writeRecord,
} from './batch';
import { decodeChangesAnswer, encodeDeltaAnswer, encodeSnapshotAnswer } from './changes';
import { ProtocolError } from './errors';
import { CanvasSnapshot, CompressionLevel, assembleSnapshot, decodeSnapshot, encodeSnapshot } from './snapshot';

/**
 * Randomised properties of the wire formats. Every run uses the same seeds, so a failure
 * reproduces; the failing seed / iteration is part of the assertion message.
 */

/** mulberry32 */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function u32le(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

/** Runs fn; returns its result, or undefined when it threw a ProtocolError. Anything else fails. */
function decodeOrProtocolError<T>(fn: () => T, context: string): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ProtocolError) return undefined;
    throw new Error(`${context}: threw ${String(error)} instead of a ProtocolError`);
  }
}

function randomCanvas(g: Gen, maxSide: number, colors: number): CanvasSnapshot {
  const width = g.range(1, maxSide);
  const height = g.range(1, maxSide);
  const pixels = new Uint8Array(width * height);
  const runny = g.chance(0.5); // long runs exercise back-references
  for (let i = 0; i < pixels.length; i++) pixels[i] = runny && i > 0 && g.chance(0.9) ? pixels[i - 1] : g.int(colors);
  return { width, height, version: g.int(2 ** 32), pixels };
}

function randomChange(g: Gen, width: number, height: number, colors: number): ChangeRecord {
  if (g.chance(0.03)) return { x: RESET_X, y: 0, color: g.int(colors) };
  return { x: g.int(width), y: g.int(height), color: g.int(colors) };
}

function applyDirectly(pixels: Uint8Array, width: number, changes: readonly ChangeRecord[]): void {
  for (const c of changes) {
    if (c.x === RESET_X) pixels.fill(c.color);
    else pixels[c.y * width + c.x] = c.color;
  }
}

/** One random corruption of a byte string; `touched` is the first offset whose byte may differ. */
function mutate(g: Gen, original: Uint8Array): { bytes: Uint8Array; touched: number; what: string } {
  const n = original.length;
  const at = g.int(Math.max(n, 1));
  switch (g.int(9)) {
    case 0: {
      const bytes = original.slice();
      const bit = g.int(8);
      bytes[at] ^= 1 << bit;
      return { bytes, touched: at, what: `flip bit ${bit} at ${at}` };
    }
    case 1: {
      const bytes = original.slice();
      bytes[at] = g.int(256);
      return { bytes, touched: at, what: `set byte ${at}` };
    }
    case 2: {
      const bytes = original.slice();
      const count = g.range(1, 8);
      for (let i = 0; i < count; i++) bytes[g.int(n)] = g.int(256);
      return { bytes, touched: 0, what: `set ${count} random bytes` };
    }
    case 3:
      return { bytes: original.slice(0, at), touched: at, what: `truncate to ${at}` };
    case 4:
      return { bytes: concat(original, g.bytes(g.range(1, 16))), touched: n, what: 'append random bytes' };
    case 5:
      return { bytes: concat(original.subarray(0, at), g.bytes(1), original.subarray(at)), touched: at, what: `insert a byte at ${at}` };
    case 6:
      return { bytes: concat(original.subarray(0, at), original.subarray(at + 1)), touched: at, what: `delete byte ${at}` };
    case 7:
      // Re-append the last 4 bytes: for a snapshot that is a second copy of the Adler-32.
      return { bytes: concat(original, original.subarray(Math.max(0, n - 4))), touched: n, what: 'append a copy of the tail' };
    default: {
      const bytes = original.slice();
      const len = g.range(1, 32);
      bytes.set(g.bytes(Math.min(len, n - at)), at);
      return { bytes, touched: at, what: `overwrite ${len} bytes at ${at}` };
    }
  }
}

describe('property: batch frames carry changes exactly', () => {
  it('encode → (base64) → decode → validate → apply equals applying the changes directly', () => {
    const g = new Gen(0xc0ffee);
    for (let iteration = 0; iteration < 250; iteration++) {
      const colors = g.pick([2, 16, 32, 256]);
      const start = randomCanvas(g, g.chance(0.1) ? 300 : 40, colors);
      const { width, height } = start;
      const changes = Array.from({ length: g.int(400) }, () => randomChange(g, width, height, colors));

      const direct = start.pixels.slice();
      applyDirectly(direct, width, changes);

      const viaFrames = start.pixels.slice();
      let version = g.int(2 ** 31);
      let offset = 0;
      while (offset < changes.length || (offset === 0 && changes.length === 0)) {
        const chunk = changes.slice(offset, offset + g.int(60));
        let frame: Uint8Array;
        if (g.chance(0.5)) {
          frame = encodeBatch(version, chunk);
        } else {
          const records = new Uint8Array(chunk.length * RECORD_BYTES);
          chunk.forEach((c, i) => writeRecord(records, i * RECORD_BYTES, c.x, c.y, c.color));
          frame = encodeBatchFrame(version, records);
        }
        const wire = g.chance(0.5) ? base64ToBytes(bytesToBase64(frame)) : frame;
        const batch = decodeBatchFrame(wire);
        expect(batch.firstVersion).toBe(version);
        expect(batch.count).toBe(chunk.length);
        validateBatch(batch, width, height, colors);
        applyBatchRecords(viaFrames, width, batch);
        version += chunk.length;
        offset += chunk.length;
        if (changes.length === 0) break;
      }
      expect(sameBytes(viaFrames, direct), `iteration ${iteration}`).toBe(true);
    }
  });

  it('applying from a random index equals applying the tail of the changes', () => {
    const g = new Gen(7);
    for (let iteration = 0; iteration < 200; iteration++) {
      const start = randomCanvas(g, 30, 32);
      const changes = Array.from({ length: g.int(50) }, () => randomChange(g, start.width, start.height, 32));
      const from = g.int(changes.length + 1);
      const viaFrame = start.pixels.slice();
      applyBatchRecords(viaFrame, start.width, decodeBatchFrame(encodeBatch(1, changes)), from);
      const direct = start.pixels.slice();
      applyDirectly(direct, start.width, changes.slice(from));
      expect(sameBytes(viaFrame, direct), `iteration ${iteration}`).toBe(true);
    }
  });
});

describe('property: corrupted input never yields a wrong result', () => {
  it('mutated snapshots decode to the original canvas or throw a ProtocolError', () => {
    const g = new Gen(0x5eed);
    let decodedOk = 0;
    let rejected = 0;
    for (let c = 0; c < 60; c++) {
      const original = randomCanvas(g, g.chance(0.2) ? 120 : 24, g.pick([2, 32, 256]));
      const level = g.int(10) as CompressionLevel;
      const valid = g.chance(0.5) ? encodeSnapshot(original, level) : assembleSnapshot(original, deflateSync(original.pixels, { level }));
      expect(sameBytes(decodeSnapshot(valid).pixels, original.pixels)).toBe(true);

      for (let m = 0; m < 40; m++) {
        const { bytes, touched, what } = mutate(g, valid);
        const context = `canvas ${c} (${original.width}x${original.height}, level ${level}), ${what}`;
        const decoded = decodeOrProtocolError(() => decodeSnapshot(bytes), context);
        // Bytes added to or removed from the zlib body (after the 12-byte header) can never
        // leave a valid snapshot: the stream must end exactly before its Adler-32.
        if (touched >= 12 && bytes.length !== valid.length) expect(decoded, context).toBeUndefined();
        if (!decoded) {
          rejected++;
          continue;
        }
        decodedOk++;
        // Self-consistent with the (possibly mutated) header...
        expect(decoded.width, context).toBe(bytes[4] | (bytes[5] << 8));
        expect(decoded.height, context).toBe(bytes[6] | (bytes[7] << 8));
        expect(decoded.version, context).toBe(u32le(bytes, 8));
        expect(decoded.pixels.length, context).toBe(decoded.width * decoded.height);
        // ...and never a canvas other than the one that was encoded: the zlib body is
        // protected by the Adler-32, so only harmless bits (padding) may change silently.
        expect(sameBytes(decoded.pixels, original.pixels), context).toBe(true);
      }
    }
    // The mutations must actually exercise both outcomes.
    expect(rejected).toBeGreaterThan(1000);
    expect(decodedOk).toBeGreaterThan(10);
  });

  it('mutated batch frames decode to exactly what their bytes say, or throw a ProtocolError', () => {
    const g = new Gen(0xba7c4);
    for (let c = 0; c < 150; c++) {
      const width = g.range(1, 50);
      const height = g.range(1, 50);
      const changes = Array.from({ length: g.int(30) }, () => randomChange(g, width, height, 32));
      const valid = encodeBatch(g.int(2 ** 32), changes);
      for (let m = 0; m < 20; m++) {
        const { bytes, what } = mutate(g, valid);
        const context = `frame ${c}, ${what}`;
        const batch = decodeOrProtocolError(() => decodeBatchFrame(bytes), context);
        if (!batch) {
          expect(bytes.length < 4 || (bytes.length - 4) % RECORD_BYTES !== 0, context).toBe(true);
          continue;
        }
        // A batch frame has no checksum: a mutated frame is another valid frame. It must
        // be read exactly as its bytes say (re-encoding gives the same bytes)...
        expect((bytes.length - 4) % RECORD_BYTES, context).toBe(0);
        expect(batch.count, context).toBe((bytes.length - 4) / RECORD_BYTES);
        const records = Array.from({ length: batch.count }, (_, i) => readRecord(batch.records, i));
        expect(sameBytes(encodeBatch(batch.firstVersion, records), bytes), context).toBe(true);
        // ...and validation is what stands between it and the bitmap.
        const ok = decodeOrProtocolError(() => (validateBatch(batch, width, height, 32), true), context);
        const inBounds = records.every((r) => r.color < 32 && (r.x === RESET_X ? r.y === 0 : r.x < width && r.y < height));
        expect(ok === true, context).toBe(inBounds);
        if (ok) {
          const bitmap = new Uint8Array(width * height);
          applyBatchRecords(bitmap, width, batch);
          const direct = new Uint8Array(width * height);
          applyDirectly(direct, width, records);
          expect(sameBytes(bitmap, direct), context).toBe(true);
        }
      }
    }
  });

  it("mutated 'D' / 'S' answers decode consistently or throw a ProtocolError", () => {
    const g = new Gen(0xd5);
    for (let c = 0; c < 40; c++) {
      const snap = randomCanvas(g, 20, 32);
      const snapBytes = encodeSnapshot(snap, g.int(10) as CompressionLevel);
      const changes = Array.from({ length: g.int(10) }, () => randomChange(g, snap.width, snap.height, 32));
      const frame = encodeBatch(snap.version + 1 > 0xffffffff ? 0 : snap.version + 1, changes);
      const isDelta = g.chance(0.4);
      const valid = isDelta ? encodeDeltaAnswer(frame) : encodeSnapshotAnswer(snapBytes, frame);
      const snapshotEnd = 5 + snapBytes.length;

      for (let m = 0; m < 40; m++) {
        const { bytes, touched, what } = mutate(g, valid);
        const context = `answer ${c} (${isDelta ? 'D' : 'S'}), ${what}`;
        const answer = decodeOrProtocolError(() => decodeChangesAnswer(bytes), context);
        if (!answer) continue;
        expect(answer.kind, context).toBe(bytes[0] === 0x44 ? 'delta' : 'snapshot');
        if (answer.kind === 'delta') {
          expect(answer.batch.firstVersion, context).toBe(u32le(bytes, 1));
          expect(answer.batch.count * RECORD_BYTES + 5, context).toBe(bytes.length);
          continue;
        }
        const { snapshot, batch } = answer;
        expect(snapshot.pixels.length, context).toBe(snapshot.width * snapshot.height);
        expect(sameBytes(snapshot.pixels, snap.pixels), context).toBe(true);
        if (batch.count > 0) expect(batch.firstVersion, context).toBe(snapshot.version + 1);
        if (touched >= 5 && touched < snapshotEnd && bytes.length === valid.length) {
          expect(snapshot.version, context).toBe(touched >= 13 && touched < 17 ? u32le(bytes, 13) : snap.version);
        }
      }
    }
  });

  it('random bytes never make any decoder throw anything but a ProtocolError', () => {
    const g = new Gen(0xf022);
    const prefixes = [
      new Uint8Array(0),
      new Uint8Array([0x44]),
      new Uint8Array([0x53]),
      new TextEncoder().encode('PXW1'),
      concat(new TextEncoder().encode('PXW1'), new Uint8Array([5, 0, 4, 0, 1, 0, 0, 0, 0x78, 0x9c])),
      concat(new TextEncoder().encode('PXW1'), new Uint8Array([5, 0, 4, 0, 1, 0, 0, 0, 0x78, 0x01])),
      new Uint8Array([0x53, 40, 0, 0, 0, 0x50, 0x58, 0x57, 0x31, 3, 0, 3, 0, 1, 0, 0, 0, 0x78, 0xda]),
    ];
    for (let i = 0; i < 3000; i++) {
      const bytes = concat(g.pick(prefixes), g.bytes(g.int(48)));
      const context = `random input ${i}`;
      decodeOrProtocolError(() => decodeSnapshot(bytes), context);
      decodeOrProtocolError(() => decodeChangesAnswer(bytes), context);
      decodeOrProtocolError(() => decodeBatchFrame(bytes), context);
      const text = Array.from(bytes, (b) => String.fromCharCode(b)).join('');
      decodeOrProtocolError(() => base64ToBytes(text), context);
    }
  });
});
