import { inflateSync, unzlibSync, zlibSync } from 'fflate';
import { ProtocolError } from './errors';

/** docs/protocol.md 2.2: "PXW1", u16 width, u16 height, u32 version, zlib body. */
export const SNAPSHOT_MAGIC = 'PXW1';
export const SNAPSHOT_HEADER_BYTES = 12;
export const MAX_CANVAS_DIMENSION = 4096;

export interface SnapshotMeta {
  width: number;
  height: number;
  /** The snapshot shows the canvas after this version. */
  version: number;
}

export interface CanvasSnapshot extends SnapshotMeta {
  /** Row-major palette indices, width * height bytes. */
  pixels: Uint8Array;
}

export type CompressionLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

function assertDimensions(width: number, height: number): void {
  const ok = (v: number) => Number.isInteger(v) && v >= 1 && v <= MAX_CANVAS_DIMENSION;
  if (!ok(width) || !ok(height)) {
    throw new ProtocolError('BAD_DIMENSIONS', `canvas ${width}x${height} is outside 1..${MAX_CANVAS_DIMENSION}`);
  }
}

/** The 12-byte header of a snapshot. */
export function encodeSnapshotHeader(meta: SnapshotMeta): Uint8Array {
  assertDimensions(meta.width, meta.height);
  const header = new Uint8Array(SNAPSHOT_HEADER_BYTES);
  for (let i = 0; i < 4; i++) header[i] = SNAPSHOT_MAGIC.charCodeAt(i);
  const view = new DataView(header.buffer);
  view.setUint16(4, meta.width, true);
  view.setUint16(6, meta.height, true);
  view.setUint32(8, meta.version, true);
  return header;
}

/**
 * Joins a header and a zlib stream (RFC 1950) compressed elsewhere — the server
 * compresses with node's asynchronous zlib so the event loop never waits for it.
 */
export function assembleSnapshot(meta: SnapshotMeta, zlibBody: Uint8Array): Uint8Array {
  const header = encodeSnapshotHeader(meta);
  const out = new Uint8Array(SNAPSHOT_HEADER_BYTES + zlibBody.length);
  out.set(header, 0);
  out.set(zlibBody, SNAPSHOT_HEADER_BYTES);
  return out;
}

/** Encodes a snapshot synchronously with fflate (tools, tests, the browser). */
export function encodeSnapshot(snapshot: CanvasSnapshot, level: CompressionLevel = 6): Uint8Array {
  assertDimensions(snapshot.width, snapshot.height);
  if (snapshot.pixels.length !== snapshot.width * snapshot.height) {
    throw new ProtocolError('BAD_LENGTH', `pixels has ${snapshot.pixels.length} bytes, expected ${snapshot.width * snapshot.height}`);
  }
  return assembleSnapshot(snapshot, zlibSync(snapshot.pixels, { level }));
}

export function decodeSnapshotHeader(bytes: Uint8Array): SnapshotMeta {
  if (bytes.length < SNAPSHOT_HEADER_BYTES) {
    throw new ProtocolError('TRUNCATED', `snapshot of ${bytes.length} bytes has no complete header`);
  }
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== SNAPSHOT_MAGIC.charCodeAt(i)) throw new ProtocolError('BAD_MAGIC', 'snapshot does not start with "PXW1"');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const meta = { width: view.getUint16(4, true), height: view.getUint16(6, true), version: view.getUint32(8, true) };
  assertDimensions(meta.width, meta.height);
  return meta;
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  const chunk = 3800; // largest run before the sums can overflow a double-safe modulo step
  for (let start = 0; start < data.length; start += chunk) {
    const end = Math.min(start + chunk, data.length);
    for (let i = start; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * fflate inflates `body[2 .. length - 4]` and ignores whatever follows the final deflate
 * block, so junk before the trailer (or junk appended after a snapshot that ends with a
 * copy of the Adler-32) would pass. The deflate data must end right before the trailer:
 * its last byte always carries bits of the final block, so the data without that byte
 * must fail to inflate. Inflating it successfully means the stream ended earlier.
 * (FDICT streams are refused by unzlibSync, so the deflate data starts at offset 2.)
 * Uses `out` as scratch space; the real inflate overwrites every byte it returns.
 */
function endsBeforeTrailer(body: Uint8Array, out: Uint8Array): boolean {
  try {
    inflateSync(body.subarray(2, body.length - 5), { out });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes and fully validates a snapshot: magic, dimensions, zlib integrity (including
 * the Adler-32 trailer, which fflate does not check) and the exact pixel count.
 */
export function decodeSnapshot(bytes: Uint8Array): CanvasSnapshot {
  const meta = decodeSnapshotHeader(bytes);
  const body = bytes.subarray(SNAPSHOT_HEADER_BYTES);
  const expected = meta.width * meta.height;
  // 2-byte zlib header + at least 2 bytes of deflate data + 4-byte Adler-32.
  if (body.length < 8) throw new ProtocolError('CORRUPT_ZLIB', 'snapshot body is too short for a zlib stream');
  // One spare byte reveals a stream that inflates to more than width * height.
  const out = new Uint8Array(expected + 1);
  if (endsBeforeTrailer(body, out)) {
    throw new ProtocolError('CORRUPT_ZLIB', 'snapshot body has bytes between the end of the deflate data and the Adler-32');
  }
  let pixels: Uint8Array;
  try {
    pixels = unzlibSync(body, { out });
  } catch (error) {
    throw new ProtocolError('CORRUPT_ZLIB', `snapshot body is not a valid zlib stream: ${(error as Error).message}`);
  }
  if (pixels.length !== expected) {
    throw new ProtocolError('BAD_LENGTH', `snapshot body inflates to ${pixels.length} bytes, expected ${expected}`);
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  // fflate stops at the end of the deflate data; the 4-byte Adler-32 follows it.
  const trailer = view.getUint32(body.length - 4, false);
  if (trailer !== adler32(pixels)) {
    throw new ProtocolError('CORRUPT_ZLIB', 'snapshot body fails its Adler-32 check');
  }
  return { ...meta, pixels };
}
