import { constants, deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ProtocolError, ProtocolErrorCode } from './errors';
import {
  CanvasSnapshot,
  MAX_CANVAS_DIMENSION,
  SNAPSHOT_HEADER_BYTES,
  SnapshotMeta,
  assembleSnapshot,
  decodeSnapshot,
  decodeSnapshotHeader,
  encodeSnapshot,
  encodeSnapshotHeader,
} from './snapshot';

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

/** mulberry32: small deterministic PRNG so failures reproduce. */
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

function randomPixels(length: number, seed: number, colors = 32): Uint8Array {
  const rand = prng(seed);
  const pixels = new Uint8Array(length);
  for (let i = 0; i < length; i++) pixels[i] = Math.floor(rand() * colors);
  return pixels;
}

function canvas(width: number, height: number, version: number, seed = 1): CanvasSnapshot {
  return { width, height, version, pixels: randomPixels(width * height, seed) };
}

/** A 12-byte header written by hand, bypassing the encoder's checks. */
function rawHeader(width: number, height: number, version: number, magic = 'PXW1'): Uint8Array {
  const h = new Uint8Array(12);
  for (let i = 0; i < 4; i++) h[i] = magic.charCodeAt(i);
  h[4] = width & 0xff;
  h[5] = width >>> 8;
  h[6] = height & 0xff;
  h[7] = height >>> 8;
  h[8] = version & 0xff;
  h[9] = (version >>> 8) & 0xff;
  h[10] = (version >>> 16) & 0xff;
  h[11] = (version >>> 24) & 0xff;
  return h;
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

function expectSame(decoded: CanvasSnapshot, original: CanvasSnapshot): void {
  expect(decoded.width).toBe(original.width);
  expect(decoded.height).toBe(original.height);
  expect(decoded.version).toBe(original.version);
  expect(decoded.pixels.length).toBe(original.pixels.length);
  // toEqual on megabyte arrays is slow and its diff useless: compare by hand.
  expect(Buffer.compare(decoded.pixels, original.pixels)).toBe(0);
}

const meta = (s: CanvasSnapshot): SnapshotMeta => ({ width: s.width, height: s.height, version: s.version });

describe('snapshot round trips', () => {
  it.each([
    [1, 1],
    [7, 3],
    [3, 7],
    [1, 4096],
    [4096, 1],
  ])('%i x %i', (width, height) => {
    const original = canvas(width, height, width * 31 + height);
    for (const level of [0, 1, 6, 9] as const) expectSame(decodeSnapshot(encodeSnapshot(original, level)), original);
  });

  it('1000 x 1000 random pixels', () => {
    const original = canvas(1000, 1000, 123_456, 42);
    const bytes = encodeSnapshot(original);
    expectSame(decodeSnapshot(bytes), original);
  });

  it('4096 x 4096 uniform (the largest canvas)', () => {
    const original: CanvasSnapshot = { width: 4096, height: 4096, version: 0xffffffff, pixels: new Uint8Array(4096 * 4096).fill(31) };
    const bytes = encodeSnapshot(original, 1);
    expect(bytes.length).toBeLessThan(100_000);
    expectSame(decodeSnapshot(bytes), original);
  });

  it('all 256 palette indices survive', () => {
    const pixels = new Uint8Array(256 * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = i & 0xff;
    const original: CanvasSnapshot = { width: 256, height: 3, version: 9, pixels };
    expectSame(decodeSnapshot(encodeSnapshot(original)), original);
  });

  it('decodes a snapshot that is a view into a larger buffer', () => {
    const original = canvas(13, 11, 77, 5);
    const bytes = encodeSnapshot(original);
    const backing = new Uint8Array(bytes.length + 10).fill(0x55);
    backing.set(bytes, 5);
    expectSame(decodeSnapshot(backing.subarray(5, 5 + bytes.length)), original);
  });
});

describe('snapshot header (docs/protocol.md 2.2)', () => {
  it('is "PXW1", u16 width, u16 height, u32 version, little-endian', () => {
    const header = encodeSnapshotHeader({ width: 0x0102, height: 0x0a0b, version: 0x12345678 });
    expect(Array.from(header)).toEqual([
      0x50,
      0x58,
      0x57,
      0x31, // "PXW1"
      0x02,
      0x01, // width 258
      0x0b,
      0x0a, // height 2571
      0x78,
      0x56,
      0x34,
      0x12, // version
    ]);
    expect(SNAPSHOT_HEADER_BYTES).toBe(12);
  });

  it('encodeSnapshot starts with that header and decodeSnapshotHeader reads it back', () => {
    const original = canvas(7, 3, 0xfedcba98);
    const bytes = encodeSnapshot(original);
    expect(Array.from(bytes.subarray(0, 12))).toEqual(Array.from(rawHeader(7, 3, 0xfedcba98)));
    expect(decodeSnapshotHeader(bytes)).toEqual({ width: 7, height: 3, version: 0xfedcba98 });
  });

  it('version 0 and 0xFFFFFFFF', () => {
    for (const version of [0, 0xffffffff]) {
      const header = encodeSnapshotHeader({ width: 1, height: 1, version });
      expect(decodeSnapshotHeader(header).version).toBe(version);
    }
  });

  it('decodeSnapshotHeader needs only the 12 header bytes', () => {
    expect(decodeSnapshotHeader(rawHeader(4096, 4096, 1))).toEqual({ width: 4096, height: 4096, version: 1 });
  });
});

describe('zlib interoperability (RFC 1950)', () => {
  it("the body is readable by node's zlib.inflateSync", () => {
    for (const [w, h] of [
      [1, 1],
      [7, 3],
      [1000, 1000],
    ]) {
      const original = canvas(w, h, 5, w);
      for (const level of [0, 1, 6, 9] as const) {
        const body = encodeSnapshot(original, level).subarray(SNAPSHOT_HEADER_BYTES);
        expect(Buffer.compare(inflateSync(body), original.pixels)).toBe(0);
      }
    }
  });

  it.each([1, 6, 9])("a body made by node's zlib.deflateSync at level %i is readable", (level) => {
    for (const [w, h] of [
      [1, 1],
      [7, 3],
      [1000, 1000],
    ]) {
      const original = canvas(w, h, 99, w + level);
      const bytes = assembleSnapshot(meta(original), deflateSync(original.pixels, { level }));
      expectSame(decodeSnapshot(bytes), original);
    }
  });

  it('bodies from other node zlib settings (stored, RLE, Huffman only, fixed, small window) are readable', () => {
    const original = canvas(300, 200, 3, 8);
    original.pixels.fill(4, 1000, 30_000); // long runs for RLE / back-references
    const variants = [
      { level: 0 },
      { strategy: constants.Z_RLE },
      { strategy: constants.Z_HUFFMAN_ONLY },
      { strategy: constants.Z_FIXED },
      { strategy: constants.Z_FILTERED },
      { windowBits: 9, memLevel: 1 },
    ];
    for (const options of variants) {
      expectSame(decodeSnapshot(assembleSnapshot(meta(original), deflateSync(original.pixels, options))), original);
    }
  });

  it('a 4096 x 4096 uniform body from node deflate is readable', () => {
    const pixels = new Uint8Array(4096 * 4096).fill(3);
    const decoded = decodeSnapshot(assembleSnapshot({ width: 4096, height: 4096, version: 1 }, deflateSync(pixels, { level: 9 })));
    expect(decoded.pixels.length).toBe(4096 * 4096);
    expect(decoded.pixels.every((p) => p === 3)).toBe(true);
  });
});

describe('encoder input checks', () => {
  it('refuses dimensions outside 1..4096', () => {
    for (const [w, h] of [
      [0, 1],
      [1, 0],
      [4097, 1],
      [1, 4097],
      [-1, 5],
      [1.5, 2],
      [Number.NaN, 1],
    ]) {
      expectCode(() => encodeSnapshotHeader({ width: w, height: h, version: 0 }), 'BAD_DIMENSIONS');
      expectCode(() => assembleSnapshot({ width: w, height: h, version: 0 }, new Uint8Array(8)), 'BAD_DIMENSIONS');
    }
    expect(MAX_CANVAS_DIMENSION).toBe(4096);
  });

  it('refuses pixels whose length is not width * height', () => {
    expectCode(() => encodeSnapshot({ width: 2, height: 2, version: 0, pixels: new Uint8Array(3) }), 'BAD_LENGTH');
    expectCode(() => encodeSnapshot({ width: 2, height: 2, version: 0, pixels: new Uint8Array(5) }), 'BAD_LENGTH');
  });
});

describe('malformed snapshots', () => {
  const original = canvas(7, 3, 1234, 3);
  const valid = encodeSnapshot(original);
  const body = valid.subarray(SNAPSHOT_HEADER_BYTES);

  it('truncated header → TRUNCATED', () => {
    for (let n = 0; n < SNAPSHOT_HEADER_BYTES; n++) {
      expectCode(() => decodeSnapshot(valid.subarray(0, n)), 'TRUNCATED');
      expectCode(() => decodeSnapshotHeader(valid.subarray(0, n)), 'TRUNCATED');
    }
  });

  it('wrong magic → BAD_MAGIC', () => {
    for (const magic of ['PXW0', 'PXW2', 'pxw1', 'XPW1', 'PNG\r', '\0\0\0\0']) {
      const bytes = concat(rawHeader(7, 3, 1234, magic), body);
      expectCode(() => decodeSnapshot(bytes), 'BAD_MAGIC');
      expectCode(() => decodeSnapshotHeader(bytes), 'BAD_MAGIC');
    }
    // The magic is checked before the length of the header.
    expect(protocolError(() => decodeSnapshot(new Uint8Array([0x50, 0x58, 0x57]))).code).toBe('TRUNCATED');
  });

  it('width or height 0 or above 4096 → BAD_DIMENSIONS', () => {
    for (const [w, h] of [
      [0, 3],
      [7, 0],
      [0, 0],
      [4097, 1],
      [1, 4097],
      [0xffff, 0xffff],
    ]) {
      expectCode(() => decodeSnapshot(concat(rawHeader(w, h, 1), body)), 'BAD_DIMENSIONS');
      expectCode(() => decodeSnapshotHeader(rawHeader(w, h, 1)), 'BAD_DIMENSIONS');
    }
  });

  it('truncated zlib body → CORRUPT_ZLIB', () => {
    for (let n = SNAPSHOT_HEADER_BYTES; n < valid.length; n++) {
      expectCode(() => decodeSnapshot(valid.subarray(0, n)), 'CORRUPT_ZLIB');
    }
    const big = encodeSnapshot(canvas(200, 200, 1, 9));
    for (const cut of [1, 2, 3, 4, 5, 100, big.length - 20]) {
      expectCode(() => decodeSnapshot(big.subarray(0, big.length - cut)), 'CORRUPT_ZLIB');
    }
  });

  it('a flipped byte anywhere in the body (including the Adler-32 trailer) → CORRUPT_ZLIB or BAD_LENGTH, never a wrong canvas', () => {
    for (const sample of [original, canvas(24, 24, 5, 11), { ...canvas(40, 40, 6), pixels: new Uint8Array(1600).fill(2) }]) {
      for (const level of [0, 6] as const) {
        const bytes = encodeSnapshot(sample, level);
        for (let i = SNAPSHOT_HEADER_BYTES; i < bytes.length; i++) {
          for (const mask of [0x01, 0x80, 0xff]) {
            const mutated = bytes.slice();
            mutated[i] ^= mask;
            let decoded: CanvasSnapshot | undefined;
            try {
              decoded = decodeSnapshot(mutated);
            } catch (error) {
              expect(error).toBeInstanceOf(ProtocolError);
              expect(['CORRUPT_ZLIB', 'BAD_LENGTH']).toContain((error as ProtocolError).code);
            }
            // Only bits the format ignores (padding after the last block) may be changed silently.
            if (decoded) expectSame(decoded, sample);
          }
        }
      }
    }
  });

  it('each byte of the Adler-32 trailer is checked', () => {
    for (let i = valid.length - 4; i < valid.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const mutated = valid.slice();
        mutated[i] ^= 1 << bit;
        expectCode(() => decodeSnapshot(mutated), 'CORRUPT_ZLIB');
      }
    }
  });

  it('an Adler-32 that is right for a different canvas is refused (deflate data tampered, trailer kept)', () => {
    const other = canvas(7, 3, 1234, 4);
    const otherBody = deflateSync(other.pixels);
    const tampered = concat(otherBody.subarray(0, otherBody.length - 4), body.subarray(body.length - 4));
    expectCode(() => decodeSnapshot(assembleSnapshot(meta(original), tampered)), 'CORRUPT_ZLIB');
  });

  it('a bad zlib header (CM, CINFO, FCHECK, preset dictionary) → CORRUPT_ZLIB', () => {
    const zlib = deflateSync(original.pixels);
    const variants: Array<[number, number]> = [
      [0x79, zlib[1]], // CM = 9
      [0x88, zlib[1]], // CINFO = 8 (window > 32K)
      [zlib[0], zlib[1] ^ 1], // FCHECK wrong
    ];
    for (const [cmf, flg] of variants) {
      const bad = zlib.slice();
      bad[0] = cmf;
      bad[1] = flg;
      expectCode(() => decodeSnapshot(assembleSnapshot(meta(original), bad)), 'CORRUPT_ZLIB');
    }
    const withDictionary = deflateSync(original.pixels, { dictionary: Buffer.from('PXW1 dictionary') });
    expectCode(() => decodeSnapshot(assembleSnapshot(meta(original), withDictionary)), 'CORRUPT_ZLIB');
  });

  it('a body that is too short for any zlib stream, or empty → CORRUPT_ZLIB', () => {
    for (let n = 0; n < 6; n++) {
      expectCode(() => decodeSnapshot(assembleSnapshot(meta(original), new Uint8Array(n))), 'CORRUPT_ZLIB');
    }
    expectCode(() => decodeSnapshot(assembleSnapshot(meta(original), deflateSync(new Uint8Array(0)))), 'BAD_LENGTH');
  });

  it('a raw deflate or gzip body instead of zlib → CORRUPT_ZLIB', () => {
    expectCode(() => decodeSnapshot(assembleSnapshot(meta(original), deflateRawSync(original.pixels))), 'CORRUPT_ZLIB');
  });

  it('zlib that inflates to fewer than width * height bytes → BAD_LENGTH', () => {
    for (const level of [1, 6, 9]) {
      const short = deflateSync(original.pixels.subarray(0, original.pixels.length - 1), { level });
      expectCode(() => decodeSnapshot(assembleSnapshot(meta(original), short)), 'BAD_LENGTH');
    }
    const big = canvas(500, 500, 1, 2);
    expectCode(() => decodeSnapshot(assembleSnapshot(meta(big), deflateSync(big.pixels.subarray(0, 1000)))), 'BAD_LENGTH');
  });

  it('zlib that inflates to more than width * height bytes → BAD_LENGTH', () => {
    const longer = concat(original.pixels, new Uint8Array([1]));
    const muchLonger = concat(original.pixels, randomPixels(100_000, 6));
    for (const level of [1, 6, 9]) {
      for (const pixels of [longer, muchLonger]) {
        expectCode(() => decodeSnapshot(assembleSnapshot(meta(original), deflateSync(pixels, { level }))), 'BAD_LENGTH');
      }
    }
    // A 1x1 header in front of a whole 4096x4096 canvas (a decompression bomb).
    const bomb = deflateSync(new Uint8Array(4096 * 4096), { level: 9 });
    expectCode(() => decodeSnapshot(assembleSnapshot({ width: 1, height: 1, version: 0 }, bomb)), 'BAD_LENGTH');
  });

  it('stored (level 0) zlib that inflates to more than width * height bytes → BAD_LENGTH', () => {
    const longer = concat(original.pixels, new Uint8Array([1]));
    expectCode(() => decodeSnapshot(assembleSnapshot(meta(original), deflateSync(longer, { level: 0 }))), 'BAD_LENGTH');
  });

  it('trailing garbage after the zlib stream → CORRUPT_ZLIB', () => {
    const trailer = body.subarray(body.length - 4);
    const garbage = [
      new Uint8Array([0]),
      new Uint8Array([0, 0, 0, 0]),
      randomPixels(17, 3, 256),
      trailer, // the Adler-32 again: the last 4 bytes still hold the right checksum
      concat(new Uint8Array([0xab]), trailer),
      valid, // a second snapshot glued on
    ];
    for (const extra of garbage) {
      expectCode(() => decodeSnapshot(concat(valid, extra)), 'CORRUPT_ZLIB');
    }
  });

  it('garbage between the deflate data and the Adler-32 trailer → CORRUPT_ZLIB', () => {
    const deflate = body.subarray(0, body.length - 4);
    const trailer = body.subarray(body.length - 4);
    for (const extra of [new Uint8Array([0]), new Uint8Array([0xff, 0xff]), randomPixels(9, 4, 256)]) {
      expectCode(() => decodeSnapshot(assembleSnapshot(meta(original), concat(deflate, extra, trailer))), 'CORRUPT_ZLIB');
    }
  });

  it('arbitrary bytes after a valid header never crash', () => {
    const rand = prng(77);
    for (let i = 0; i < 300; i++) {
      const junk = randomPixels(Math.floor(rand() * 64), i, 256);
      if (i % 3 === 0 && junk.length >= 2) {
        junk[0] = 0x78; // a valid zlib header, so the deflate decoder sees the junk
        junk[1] = 0x9c;
      }
      protocolError(() => decodeSnapshot(assembleSnapshot({ width: 5, height: 4, version: 1 }, junk)));
    }
  });
});
