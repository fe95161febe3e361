import { DecodedBatch, decodeBatchFrame } from './batch';
import { ProtocolError } from './errors';
import { CanvasSnapshot, decodeSnapshot } from './snapshot';

/** First byte of a `GET /api/canvas/changes` answer. */
export const CHANGES_DELTA = 0x44; // 'D'
export const CHANGES_SNAPSHOT = 0x53; // 'S'

export type ChangesAnswer = { kind: 'delta'; batch: DecodedBatch } | { kind: 'snapshot'; snapshot: CanvasSnapshot; batch: DecodedBatch };

/** 'D' + batch frame. */
export function encodeDeltaAnswer(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + frame.length);
  out[0] = CHANGES_DELTA;
  out.set(frame, 1);
  return out;
}

/** 'S' + u32 L + L bytes of snapshot + batch frame. */
export function encodeSnapshotAnswer(snapshot: Uint8Array, frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + snapshot.length + frame.length);
  out[0] = CHANGES_SNAPSHOT;
  new DataView(out.buffer).setUint32(1, snapshot.length, true);
  out.set(snapshot, 5);
  out.set(frame, 5 + snapshot.length);
  return out;
}

export function decodeChangesAnswer(bytes: Uint8Array): ChangesAnswer {
  if (bytes.length < 1) throw new ProtocolError('TRUNCATED', 'empty changes answer');
  if (bytes[0] === CHANGES_DELTA) {
    return { kind: 'delta', batch: decodeBatchFrame(bytes.subarray(1)) };
  }
  if (bytes[0] === CHANGES_SNAPSHOT) {
    if (bytes.length < 5) throw new ProtocolError('TRUNCATED', 'snapshot answer without its length');
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1, true);
    if (bytes.length < 5 + length) throw new ProtocolError('TRUNCATED', `snapshot answer announces ${length} bytes`);
    const snapshot = decodeSnapshot(bytes.subarray(5, 5 + length));
    const batch = decodeBatchFrame(bytes.subarray(5 + length));
    if (batch.count > 0 && batch.firstVersion !== snapshot.version + 1) {
      throw new ProtocolError('BAD_RECORD', `batch starts at ${batch.firstVersion}, snapshot is at ${snapshot.version}`);
    }
    return { kind: 'snapshot', snapshot, batch };
  }
  throw new ProtocolError('BAD_KIND', `unknown changes answer kind 0x${bytes[0].toString(16)}`);
}
