import { describe, expect, it } from 'vitest';
import { ChangeRecord, DecodedBatch, RESET_X, encodeBatch, readRecord } from './batch';
import { CHANGES_DELTA, CHANGES_SNAPSHOT, ChangesAnswer, decodeChangesAnswer, encodeDeltaAnswer, encodeSnapshotAnswer } from './changes';
import { ProtocolError, ProtocolErrorCode } from './errors';
import { CanvasSnapshot, encodeSnapshot } from './snapshot';

function protocolError(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw new Error(`expected a ProtocolError, got ${String(error)}`);
  }
  throw new Error('expected a ProtocolError, nothing was thrown');
}

function expectCode(fn: () => unknown, code: ProtocolErrorCode): void {
  expect(protocolError(fn).code).toBe(code);
}

function recordsOf(batch: DecodedBatch): ChangeRecord[] {
  return Array.from({ length: batch.count }, (_, i) => readRecord(batch.records, i));
}

function snapshotAnswerOf(answer: ChangesAnswer) {
  if (answer.kind !== 'snapshot') throw new Error(`expected an 'S' answer, got ${answer.kind}`);
  return answer;
}

function u32le(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

const W = 9;
const H = 5;
const snap: CanvasSnapshot = {
  width: W,
  height: H,
  version: 41,
  pixels: Uint8Array.from({ length: W * H }, (_, i) => (i * 13) % 32),
};
const snapBytes = encodeSnapshot(snap);
const after: ChangeRecord[] = [
  { x: 1, y: 2, color: 3 },
  { x: RESET_X, y: 0, color: 31 },
  { x: 8, y: 4, color: 0 },
];

describe("'D' answers", () => {
  it('is the byte 0x44 followed by the batch frame', () => {
    const frame = encodeBatch(10, [{ x: 1, y: 2, color: 3 }]);
    const bytes = encodeDeltaAnswer(frame);
    expect(CHANGES_DELTA).toBe('D'.charCodeAt(0));
    expect(Array.from(bytes)).toEqual([0x44, ...Array.from(frame)]);
  });

  it('round trip with records', () => {
    const answer = decodeChangesAnswer(encodeDeltaAnswer(encodeBatch(42, after)));
    expect(answer.kind).toBe('delta');
    expect(answer.batch.firstVersion).toBe(42);
    expect(recordsOf(answer.batch)).toEqual(after);
  });

  it('round trip with no records (client is up to date)', () => {
    const answer = decodeChangesAnswer(encodeDeltaAnswer(encodeBatch(0xffffffff, [])));
    expect(answer).toMatchObject({ kind: 'delta', batch: { firstVersion: 0xffffffff, count: 0 } });
  });

  it('decodes an answer that is a view into a larger buffer', () => {
    const bytes = encodeDeltaAnswer(encodeBatch(7, after));
    const backing = new Uint8Array(bytes.length + 5);
    backing.set(bytes, 3);
    const answer = decodeChangesAnswer(backing.subarray(3, 3 + bytes.length));
    expect(answer.batch.firstVersion).toBe(7);
    expect(recordsOf(answer.batch)).toEqual(after);
  });

  it('a truncated or misaligned batch → TRUNCATED / BAD_LENGTH', () => {
    for (let n = 0; n < 4; n++) expectCode(() => decodeChangesAnswer(new Uint8Array([0x44, ...new Array(n).fill(0)])), 'TRUNCATED');
    const valid = encodeDeltaAnswer(encodeBatch(7, after));
    expectCode(() => decodeChangesAnswer(valid.subarray(0, valid.length - 1)), 'BAD_LENGTH');
    expectCode(() => decodeChangesAnswer(new Uint8Array([...valid, 0])), 'BAD_LENGTH');
  });
});

describe("'S' answers", () => {
  it('is the byte 0x53, u32 L (little-endian), L bytes of snapshot, then the batch frame', () => {
    const frame = encodeBatch(42, after);
    const bytes = encodeSnapshotAnswer(snapBytes, frame);
    expect(CHANGES_SNAPSHOT).toBe('S'.charCodeAt(0));
    expect(Array.from(bytes)).toEqual([0x53, ...u32le(snapBytes.length), ...Array.from(snapBytes), ...Array.from(frame)]);
  });

  it('round trip with records after the snapshot', () => {
    const answer = snapshotAnswerOf(decodeChangesAnswer(encodeSnapshotAnswer(snapBytes, encodeBatch(42, after))));
    expect(answer.snapshot).toEqual(snap);
    expect(answer.batch.firstVersion).toBe(42);
    expect(recordsOf(answer.batch)).toEqual(after);
  });

  it('round trip with no records after the snapshot', () => {
    const answer = snapshotAnswerOf(decodeChangesAnswer(encodeSnapshotAnswer(snapBytes, encodeBatch(42, []))));
    expect(answer.snapshot).toEqual(snap);
    expect(answer.batch.count).toBe(0);
  });

  it('round trip at version 0 and at a large canvas', () => {
    const big: CanvasSnapshot = { width: 1000, height: 1000, version: 0, pixels: new Uint8Array(1_000_000).fill(31) };
    const answer = snapshotAnswerOf(decodeChangesAnswer(encodeSnapshotAnswer(encodeSnapshot(big, 1), encodeBatch(1, [{ x: 999, y: 999, color: 0 }]))));
    expect(answer.snapshot.version).toBe(0);
    expect(answer.snapshot.pixels.length).toBe(1_000_000);
    expect(answer.batch.firstVersion).toBe(1);
  });

  it('decodes an answer that is a view into a larger buffer (odd byte offset)', () => {
    const bytes = encodeSnapshotAnswer(snapBytes, encodeBatch(42, after));
    const backing = new Uint8Array(bytes.length + 8);
    backing.set(bytes, 3);
    const answer = snapshotAnswerOf(decodeChangesAnswer(backing.subarray(3, 3 + bytes.length)));
    expect(answer.snapshot).toEqual(snap);
    expect(recordsOf(answer.batch)).toEqual(after);
  });

  it('the length field shorter than 4 bytes → TRUNCATED', () => {
    for (let n = 0; n < 4; n++) {
      expectCode(() => decodeChangesAnswer(new Uint8Array([0x53, ...new Array(n).fill(0)])), 'TRUNCATED');
    }
  });

  it('a length beyond the end of the answer → TRUNCATED', () => {
    const valid = encodeSnapshotAnswer(snapBytes, encodeBatch(42, []));
    for (const cut of [1, 4, 5, 10, snapBytes.length]) {
      expectCode(() => decodeChangesAnswer(valid.subarray(0, valid.length - cut)), 'TRUNCATED');
    }
    const huge = valid.slice();
    new DataView(huge.buffer).setUint32(1, 0xffffffff, true);
    expectCode(() => decodeChangesAnswer(huge), 'TRUNCATED');
  });

  it('a length that cuts the snapshot short → a snapshot error, not a wrong canvas', () => {
    const valid = encodeSnapshotAnswer(snapBytes, encodeBatch(42, after));
    for (let length = 0; length < snapBytes.length; length++) {
      const bytes = valid.slice();
      new DataView(bytes.buffer).setUint32(1, length, true);
      const error = protocolError(() => decodeChangesAnswer(bytes));
      expect(['TRUNCATED', 'CORRUPT_ZLIB', 'BAD_LENGTH']).toContain(error.code);
    }
  });

  it('a length that swallows part of the batch → a ProtocolError', () => {
    const valid = encodeSnapshotAnswer(snapBytes, encodeBatch(42, after));
    for (let extra = 1; extra <= 4 + 5 * after.length; extra++) {
      const bytes = valid.slice();
      new DataView(bytes.buffer).setUint32(1, snapBytes.length + extra, true);
      protocolError(() => decodeChangesAnswer(bytes));
    }
  });

  it('an invalid snapshot inside → its own code', () => {
    const badMagic = snapBytes.slice();
    badMagic[0] = 0x51;
    expectCode(() => decodeChangesAnswer(encodeSnapshotAnswer(badMagic, encodeBatch(42, []))), 'BAD_MAGIC');
    const corrupt = snapBytes.slice();
    corrupt[corrupt.length - 1] ^= 0x40;
    expectCode(() => decodeChangesAnswer(encodeSnapshotAnswer(corrupt, encodeBatch(42, []))), 'CORRUPT_ZLIB');
  });

  it('a batch that does not start at snapshot.version + 1 → BAD_RECORD', () => {
    for (const first of [0, 40, 41, 43, 1000, 0xffffffff]) {
      expectCode(() => decodeChangesAnswer(encodeSnapshotAnswer(snapBytes, encodeBatch(first, after))), 'BAD_RECORD');
    }
  });

  it('a misaligned batch after the snapshot → TRUNCATED / BAD_LENGTH', () => {
    const valid = encodeSnapshotAnswer(snapBytes, encodeBatch(42, after));
    const noBatch = valid.subarray(0, 5 + snapBytes.length);
    expectCode(() => decodeChangesAnswer(noBatch), 'TRUNCATED');
    expectCode(() => decodeChangesAnswer(valid.subarray(0, valid.length - 2)), 'BAD_LENGTH');
  });
});

describe('answer kind', () => {
  it('an empty answer → TRUNCATED', () => {
    expectCode(() => decodeChangesAnswer(new Uint8Array(0)), 'TRUNCATED');
  });

  it("every first byte other than 'D' and 'S' → BAD_KIND", () => {
    const rest = encodeBatch(1, after);
    for (let kind = 0; kind < 256; kind++) {
      if (kind === CHANGES_DELTA || kind === CHANGES_SNAPSHOT) continue;
      const bytes = new Uint8Array([kind, ...Array.from(rest)]);
      const error = protocolError(() => decodeChangesAnswer(bytes));
      expect(error.code).toBe('BAD_KIND');
      expect(error.message).toContain(kind.toString(16));
      expectCode(() => decodeChangesAnswer(new Uint8Array([kind])), 'BAD_KIND');
    }
  });

  it("lower-case 'd' and 's' are not accepted", () => {
    expectCode(() => decodeChangesAnswer(new Uint8Array([0x64, 0, 0, 0, 0])), 'BAD_KIND');
    expectCode(() => decodeChangesAnswer(new Uint8Array([0x73, 0, 0, 0, 0])), 'BAD_KIND');
  });
});
