import { describe, expect, it } from 'vitest';
import {
  BATCH_HEADER_BYTES,
  ChangeRecord,
  DecodedBatch,
  RECORD_BYTES,
  RESET_X,
  applyBatchRecords,
  decodeBatchFrame,
  encodeBatch,
  encodeBatchFrame,
  lastVersionOf,
  readRecord,
  recordColor,
  recordX,
  recordY,
  validateBatch,
  writeRecord,
} from './batch';
import { ProtocolError, ProtocolErrorCode } from './errors';

/** Runs fn and returns the ProtocolError it throws; any other outcome fails the test. */
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

function px(x: number, y: number, color: number): ChangeRecord {
  return { x, y, color };
}

function reset(color: number): ChangeRecord {
  return { x: RESET_X, y: 0, color };
}

function recordsOf(batch: DecodedBatch): ChangeRecord[] {
  return Array.from({ length: batch.count }, (_, i) => readRecord(batch.records, i));
}

function roundTrip(firstVersion: number, changes: ChangeRecord[]): DecodedBatch {
  const frame = encodeBatch(firstVersion, changes);
  expect(frame.length).toBe(BATCH_HEADER_BYTES + changes.length * RECORD_BYTES);
  const batch = decodeBatchFrame(frame);
  expect(batch.firstVersion).toBe(firstVersion);
  expect(batch.count).toBe(changes.length);
  expect(recordsOf(batch)).toEqual(changes);
  return batch;
}

/** Reference semantics of docs/protocol.md 2.1, one change at a time. */
function applyDirectly(pixels: Uint8Array, width: number, changes: readonly ChangeRecord[]): void {
  for (const c of changes) {
    if (c.x === RESET_X) pixels.fill(c.color);
    else pixels[c.y * width + c.x] = c.color;
  }
}

describe('batch frame layout (docs/protocol.md 2.1)', () => {
  it('writes u32 firstVersion then u16 x, u16 y, u8 color records, all little-endian', () => {
    const frame = encodeBatch(0x04030201, [px(0x0102, 0x0304, 0x05), reset(0x1f)]);
    expect(Array.from(frame)).toEqual([
      0x01,
      0x02,
      0x03,
      0x04, // firstVersion
      0x02,
      0x01,
      0x04,
      0x03,
      0x05, // x = 0x0102, y = 0x0304, color 5
      0xff,
      0xff,
      0x00,
      0x00,
      0x1f, // reset to 31
    ]);
  });

  it('reads a hand-written frame', () => {
    const frame = new Uint8Array([0x10, 0x00, 0x00, 0x80, 0x07, 0x00, 0x09, 0x00, 0x02]);
    const batch = decodeBatchFrame(frame);
    expect(batch).toMatchObject({ firstVersion: 0x80000010, count: 1 });
    expect(readRecord(batch.records, 0)).toEqual(px(7, 9, 2));
    expect([recordX(batch.records, 0), recordY(batch.records, 0), recordColor(batch.records, 0)]).toEqual([7, 9, 2]);
  });

  it('writeRecord writes exactly 5 bytes at the offset', () => {
    const target = new Uint8Array(12).fill(0xaa);
    writeRecord(target, 3, 0xbeef, 0x0102, 0x33);
    expect(Array.from(target)).toEqual([0xaa, 0xaa, 0xaa, 0xef, 0xbe, 0x02, 0x01, 0x33, 0xaa, 0xaa, 0xaa, 0xaa]);
  });
});

describe('batch round trips', () => {
  it('0 records', () => {
    const batch = roundTrip(42, []);
    expect(batch.records.length).toBe(0);
    expect(lastVersionOf(batch)).toBe(41);
    expect(encodeBatch(42, []).length).toBe(4);
  });

  it('1 record', () => {
    const batch = roundTrip(1, [px(3, 4, 5)]);
    expect(lastVersionOf(batch)).toBe(1);
  });

  it('many records', () => {
    const changes = Array.from({ length: 10_000 }, (_, i) => px(i % 1000, (i * 7) % 1000, i % 32));
    const batch = roundTrip(123_456, changes);
    expect(lastVersionOf(batch)).toBe(123_456 + 9_999);
  });

  it('max u16 coordinates and u8 colours', () => {
    roundTrip(0, [px(0xfffe, 0xffff, 0xff), px(0, 0xffff, 0), px(0xfffe, 0, 255)]);
  });

  it('u32 versions up to 0xFFFFFFFF', () => {
    for (const v of [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff]) {
      const batch = roundTrip(v, [px(1, 2, 3)]);
      expect(batch.firstVersion).toBeGreaterThanOrEqual(0);
    }
    expect(Array.from(encodeBatch(0xffffffff, []))).toEqual([0xff, 0xff, 0xff, 0xff]);
  });

  it('reset records (x = 0xFFFF, y = 0)', () => {
    const batch = roundTrip(7, [reset(0), px(1, 1, 1), reset(31), reset(255)]);
    expect(recordX(batch.records, 0)).toBe(RESET_X);
    expect(recordY(batch.records, 2)).toBe(0);
  });

  it('encodeBatchFrame joins pre-encoded records with one header', () => {
    const records = new Uint8Array(2 * RECORD_BYTES);
    writeRecord(records, 0, 1, 2, 3);
    writeRecord(records, RECORD_BYTES, RESET_X, 0, 9);
    const frame = encodeBatchFrame(5, records);
    expect(frame).toEqual(encodeBatch(5, [px(1, 2, 3), reset(9)]));
  });

  it('decodes a frame that is a view into a larger buffer', () => {
    const frame = encodeBatch(0xdeadbeef, [px(9, 8, 7), px(6, 5, 4)]);
    const backing = new Uint8Array(frame.length + 7).fill(0xee);
    backing.set(frame, 3);
    const batch = decodeBatchFrame(backing.subarray(3, 3 + frame.length));
    expect(batch.firstVersion).toBe(0xdeadbeef);
    expect(recordsOf(batch)).toEqual([px(9, 8, 7), px(6, 5, 4)]);
  });

  it('records are a view of the frame (no copy)', () => {
    const frame = encodeBatch(1, [px(1, 1, 1)]);
    const batch = decodeBatchFrame(frame);
    expect(batch.records.buffer).toBe(frame.buffer);
    expect(batch.records.byteOffset).toBe(frame.byteOffset + BATCH_HEADER_BYTES);
  });
});

describe('encodeBatchFrame input checks', () => {
  it('refuses records whose length is not a multiple of 5', () => {
    for (const n of [1, 4, 6, 9, 11]) expectCode(() => encodeBatchFrame(1, new Uint8Array(n)), 'BAD_LENGTH');
  });

  it('refuses a firstVersion that is not a u32', () => {
    for (const v of [-1, 0x100000000, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectCode(() => encodeBatchFrame(v, new Uint8Array(0)), 'BAD_RECORD');
      expectCode(() => encodeBatch(v, []), 'BAD_RECORD');
    }
  });
});

describe('malformed batch frames', () => {
  it('shorter than 4 bytes → TRUNCATED', () => {
    for (let n = 0; n < 4; n++) expectCode(() => decodeBatchFrame(new Uint8Array(n)), 'TRUNCATED');
  });

  it('body not a multiple of 5 → BAD_LENGTH', () => {
    for (let n = 5; n < 40; n++) {
      if ((n - 4) % 5 === 0) continue;
      expectCode(() => decodeBatchFrame(new Uint8Array(n)), 'BAD_LENGTH');
    }
  });

  it('every truncation of a valid frame is either a prefix of it or a ProtocolError', () => {
    const changes = [px(1, 2, 3), reset(4), px(5, 6, 7), px(8, 9, 10)];
    const frame = encodeBatch(100, changes);
    for (let n = 0; n < frame.length; n++) {
      const cut = frame.subarray(0, n);
      if (n < 4) expectCode(() => decodeBatchFrame(cut), 'TRUNCATED');
      else if ((n - 4) % 5 !== 0) expectCode(() => decodeBatchFrame(cut), 'BAD_LENGTH');
      else expect(recordsOf(decodeBatchFrame(cut))).toEqual(changes.slice(0, (n - 4) / 5));
    }
  });
});

describe('applyBatchRecords', () => {
  const W = 5;
  const H = 4;

  it('sets pixels row-major', () => {
    const pixels = new Uint8Array(W * H);
    applyBatchRecords(pixels, W, roundTrip(1, [px(0, 0, 1), px(4, 0, 2), px(0, 3, 3), px(4, 3, 4), px(2, 1, 5)]));
    const expected = new Uint8Array(W * H);
    expected[0] = 1;
    expected[4] = 2;
    expected[15] = 3;
    expected[19] = 4;
    expected[7] = 5;
    expect(pixels).toEqual(expected);
  });

  it('later records win over earlier ones', () => {
    const pixels = new Uint8Array(W * H);
    applyBatchRecords(pixels, W, roundTrip(1, [px(1, 1, 3), px(1, 1, 9), px(1, 1, 4)]));
    expect(pixels[W + 1]).toBe(4);
  });

  it('a reset in the middle wipes earlier records and keeps later ones', () => {
    const changes = [px(0, 0, 1), px(1, 1, 2), reset(7), px(2, 2, 3), px(4, 3, 5)];
    const pixels = new Uint8Array(W * H).fill(9);
    applyBatchRecords(pixels, W, decodeBatchFrame(encodeBatch(10, changes)));
    const expected = new Uint8Array(W * H).fill(7);
    expected[2 * W + 2] = 3;
    expected[3 * W + 4] = 5;
    expect(pixels).toEqual(expected);

    const direct = new Uint8Array(W * H).fill(9);
    applyDirectly(direct, W, changes);
    expect(pixels).toEqual(direct);
  });

  it('a reset as the first and as the last record', () => {
    const pixels = new Uint8Array(W * H).fill(1);
    applyBatchRecords(pixels, W, decodeBatchFrame(encodeBatch(1, [reset(2), px(0, 0, 3)])));
    expect(pixels[0]).toBe(3);
    expect(pixels.subarray(1).every((p) => p === 2)).toBe(true);
    applyBatchRecords(pixels, W, decodeBatchFrame(encodeBatch(3, [px(1, 0, 4), reset(6)])));
    expect(pixels.every((p) => p === 6)).toBe(true);
  });

  it('fromIndex skips the records before it', () => {
    const changes = [px(0, 0, 1), reset(2), px(1, 0, 3), px(2, 0, 4)];
    const batch = decodeBatchFrame(encodeBatch(1, changes));
    for (let from = 0; from <= changes.length; from++) {
      const pixels = new Uint8Array(W * H);
      applyBatchRecords(pixels, W, batch, from);
      const direct = new Uint8Array(W * H);
      applyDirectly(direct, W, changes.slice(from));
      expect(pixels).toEqual(direct);
    }
  });

  it('an empty batch changes nothing', () => {
    const pixels = new Uint8Array(W * H).fill(5);
    applyBatchRecords(pixels, W, decodeBatchFrame(encodeBatch(1, [])));
    expect(pixels.every((p) => p === 5)).toBe(true);
  });
});

describe('validateBatch', () => {
  const W = 10;
  const H = 6;
  const PALETTE = 32;
  const check = (changes: ChangeRecord[], w = W, h = H, palette = PALETTE) => validateBatch(decodeBatchFrame(encodeBatch(1, changes)), w, h, palette);

  it('accepts records on every edge of the canvas, every palette colour and resets', () => {
    expect(() => check([px(0, 0, 0), px(W - 1, 0, 1), px(0, H - 1, 2), px(W - 1, H - 1, PALETTE - 1), reset(0), reset(PALETTE - 1)])).not.toThrow();
    expect(() => check([])).not.toThrow();
    expect(() => check([px(4095, 4095, 255)], 4096, 4096, 256)).not.toThrow();
  });

  it('rejects x or y outside the canvas', () => {
    for (const bad of [px(W, 0, 0), px(0, H, 0), px(W, H, 0), px(0xfffe, 0, 0), px(0, 0xffff, 0)]) {
      expectCode(() => check([px(1, 1, 1), bad]), 'BAD_RECORD');
    }
    expectCode(() => check([px(4096, 0, 0)], 4096, 4096, 256), 'BAD_RECORD');
  });

  it('rejects a colour outside the palette', () => {
    expectCode(() => check([px(1, 1, PALETTE)]), 'BAD_RECORD');
    expectCode(() => check([px(1, 1, 255)]), 'BAD_RECORD');
    expectCode(() => check([px(1, 1, 2)], W, H, 2), 'BAD_RECORD');
    expectCode(() => check([px(1, 1, 0)], W, H, 0), 'BAD_RECORD');
  });

  it('rejects a reset with an unknown colour', () => {
    expectCode(() => check([reset(PALETTE)]), 'BAD_RECORD');
  });

  it('rejects a reset whose y is not 0', () => {
    for (const y of [1, 2, 0x00ff, 0x0100, 0xffff]) {
      expectCode(() => check([px(0, 0, 0), { x: RESET_X, y, color: 1 }]), 'BAD_RECORD');
    }
  });

  it('names the offending record in the message', () => {
    const error = protocolError(() => check([px(0, 0, 0), px(1, 1, 1), px(W, 0, 0)]));
    expect(error.message).toContain('record 2');
    expect(error.name).toBe('ProtocolError');
    expect(error).toBeInstanceOf(Error);
  });
});
