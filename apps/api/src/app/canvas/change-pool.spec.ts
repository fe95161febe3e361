import { describe, expect, it } from 'vitest';
import { readRecord, RECORD_BYTES, writeRecord } from '@pixel-wars/protocol';
import { ChangePool } from './change-pool';

function records(fromX: number, count: number): Uint8Array {
  const bytes = new Uint8Array(count * RECORD_BYTES);
  for (let i = 0; i < count; i++) writeRecord(bytes, i * RECORD_BYTES, fromX + i, 0, 1);
  return bytes;
}

describe('ChangePool', () => {
  it('answers any suffix it holds and refuses what it does not', () => {
    const pool = new ChangePool(100, 1);
    pool.append(records(0, 10)); // versions 1..10, x = version - 1
    expect(pool.recordsSince(0)!.length).toBe(10 * RECORD_BYTES);
    const tail = pool.recordsSince(7)!;
    expect(tail.length / RECORD_BYTES).toBe(3);
    expect(readRecord(tail, 0).x).toBe(7);
    expect(pool.recordsSince(10)!.length).toBe(0);
    expect(pool.recordsSince(11)).toBeNull();
  });

  it('trims beyond its minimum but never past the retained version', () => {
    const pool = new ChangePool(100, 1);
    for (let i = 0; i < 10; i++) pool.append(records(i * 50, 50)); // versions 1..500
    pool.trim(200); // keep everything after version 200 and at least 100 records
    expect(pool.oldestSince).toBe(200);
    expect(pool.recordsSince(199)).toBeNull();
    expect(readRecord(pool.recordsSince(200)!, 0).x).toBe(200);
    pool.trim(490); // at least 100 records stay
    expect(pool.count).toBe(100);
    expect(pool.oldestSince).toBe(400);
  });

  it('keeps data intact across compaction and growth', () => {
    const pool = new ChangePool(100, 1);
    let version = 0;
    for (let round = 0; round < 200; round++) {
      const chunk = new Uint8Array(37 * RECORD_BYTES);
      for (let i = 0; i < 37; i++) writeRecord(chunk, i * RECORD_BYTES, (version + 1 + i) & 0xffff, (version + 1 + i) >> 16, 1);
      pool.append(chunk);
      version += 37;
      pool.trim(version - 150);
      if (version < 120) continue;
      const got = pool.recordsSince(version - 120)!;
      expect(got.length / RECORD_BYTES).toBe(120);
      for (let i = 0; i < 120; i++) {
        const r = readRecord(got, i);
        expect(r.x + r.y * 65536).toBe(version - 119 + i);
      }
    }
  });

  it('restarts empty at a new version (a resized game)', () => {
    const pool = new ChangePool(100, 1);
    pool.append(records(0, 5));
    pool.restart(7);
    expect(pool.count).toBe(0);
    expect(pool.recordsSince(6)!.length).toBe(0);
    expect(pool.recordsSince(5)).toBeNull();
  });
});
