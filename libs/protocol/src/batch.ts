import { ProtocolError } from './errors';

/** docs/protocol.md 2.1: u32 firstVersion, then 5-byte records (u16 x, u16 y, u8 color). */
export const BATCH_HEADER_BYTES = 4;
export const RECORD_BYTES = 5;
/** A record whose x is this value resets the whole canvas to its colour. */
export const RESET_X = 0xffff;

export interface ChangeRecord {
  x: number;
  y: number;
  color: number;
}

export interface DecodedBatch {
  firstVersion: number;
  /** Number of records; record i has version firstVersion + i. */
  count: number;
  /** The raw records (a view, not a copy): count * RECORD_BYTES bytes. */
  records: Uint8Array;
}

/** Writes one record at byteOffset of target. A reset is `x = RESET_X, y = 0`. */
export function writeRecord(target: Uint8Array, byteOffset: number, x: number, y: number, color: number): void {
  target[byteOffset] = x & 0xff;
  target[byteOffset + 1] = (x >>> 8) & 0xff;
  target[byteOffset + 2] = y & 0xff;
  target[byteOffset + 3] = (y >>> 8) & 0xff;
  target[byteOffset + 4] = color;
}

export function recordX(records: Uint8Array, index: number): number {
  const o = index * RECORD_BYTES;
  return records[o] | (records[o + 1] << 8);
}

export function recordY(records: Uint8Array, index: number): number {
  const o = index * RECORD_BYTES;
  return records[o + 2] | (records[o + 3] << 8);
}

export function recordColor(records: Uint8Array, index: number): number {
  return records[index * RECORD_BYTES + 4];
}

export function readRecord(records: Uint8Array, index: number): ChangeRecord {
  return { x: recordX(records, index), y: recordY(records, index), color: recordColor(records, index) };
}

function writeU32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value & 0xff;
  target[offset + 1] = (value >>> 8) & 0xff;
  target[offset + 2] = (value >>> 16) & 0xff;
  target[offset + 3] = (value >>> 24) & 0xff;
}

function readU32(source: Uint8Array, offset: number): number {
  return (source[offset] | (source[offset + 1] << 8) | (source[offset + 2] << 16) | (source[offset + 3] << 24)) >>> 0;
}

/**
 * Builds a batch frame from already encoded records (count * RECORD_BYTES bytes).
 * The server keeps records in this form, so a frame costs one header and one copy.
 */
export function encodeBatchFrame(firstVersion: number, records: Uint8Array): Uint8Array {
  if (records.length % RECORD_BYTES !== 0) {
    throw new ProtocolError('BAD_LENGTH', `records length ${records.length} is not a multiple of ${RECORD_BYTES}`);
  }
  if (!Number.isInteger(firstVersion) || firstVersion < 0 || firstVersion > 0xffffffff) {
    throw new ProtocolError('BAD_RECORD', `firstVersion ${firstVersion} is not a u32`);
  }
  const frame = new Uint8Array(BATCH_HEADER_BYTES + records.length);
  writeU32(frame, 0, firstVersion);
  frame.set(records, BATCH_HEADER_BYTES);
  return frame;
}

/** Builds a batch frame from record objects (tests, tools; not the hot path). */
export function encodeBatch(firstVersion: number, changes: readonly ChangeRecord[]): Uint8Array {
  const records = new Uint8Array(changes.length * RECORD_BYTES);
  changes.forEach((c, i) => writeRecord(records, i * RECORD_BYTES, c.x, c.y, c.color));
  return encodeBatchFrame(firstVersion, records);
}

export function decodeBatchFrame(frame: Uint8Array): DecodedBatch {
  if (frame.length < BATCH_HEADER_BYTES) {
    throw new ProtocolError('TRUNCATED', `batch frame of ${frame.length} bytes has no header`);
  }
  const body = frame.length - BATCH_HEADER_BYTES;
  if (body % RECORD_BYTES !== 0) {
    throw new ProtocolError('BAD_LENGTH', `batch body of ${body} bytes is not a multiple of ${RECORD_BYTES}`);
  }
  return {
    firstVersion: readU32(frame, 0),
    count: body / RECORD_BYTES,
    records: frame.subarray(BATCH_HEADER_BYTES),
  };
}

/** Version of the last record of a batch (firstVersion - 1 for an empty batch). */
export function lastVersionOf(batch: DecodedBatch): number {
  return batch.firstVersion + batch.count - 1;
}

/**
 * Applies records [fromIndex, count) of a batch to a row-major bitmap.
 * Records must have been validated against the bitmap size (see validateBatch).
 */
export function applyBatchRecords(pixels: Uint8Array, width: number, batch: DecodedBatch, fromIndex = 0): void {
  const { records, count } = batch;
  for (let i = fromIndex; i < count; i++) {
    const o = i * RECORD_BYTES;
    const x = records[o] | (records[o + 1] << 8);
    const color = records[o + 4];
    if (x === RESET_X) {
      pixels.fill(color);
    } else {
      pixels[(records[o + 2] | (records[o + 3] << 8)) * width + x] = color;
    }
  }
}

/** Throws a ProtocolError when a record lies outside the canvas or uses an unknown colour. */
export function validateBatch(batch: DecodedBatch, width: number, height: number, paletteSize: number): void {
  for (let i = 0; i < batch.count; i++) {
    const x = recordX(batch.records, i);
    const y = recordY(batch.records, i);
    const color = recordColor(batch.records, i);
    if (color >= paletteSize) throw new ProtocolError('BAD_RECORD', `record ${i}: colour ${color} outside the palette`);
    if (x === RESET_X) {
      if (y !== 0) throw new ProtocolError('BAD_RECORD', `record ${i}: reset with y = ${y}`);
    } else if (x >= width || y >= height) {
      throw new ProtocolError('BAD_RECORD', `record ${i}: (${x}, ${y}) outside ${width}x${height}`);
    }
  }
}
