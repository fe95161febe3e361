// Figure 2a: snapshot compression and decoding of a realistic canvas, in this process
// (no server): node's asynchronous zlib at level 6 (what the server does, on the libuv
// thread pool) and the shared library's decodeSnapshot (what the PWA runs).
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { realisticCanvas } from '../lib/canvas-gen.mjs';
import { median } from '../lib/stats.mjs';

const deflateAsync = promisify(deflate);

export async function runSnapshotOffline({ protocol, sizes = [1000, 2000], reps = 5, log }) {
  const rows = [];
  for (const n of sizes) {
    const pixels = realisticCanvas(n, n);
    const compressMs = [];
    const decodeMs = [];
    let bytes = 0;
    let snapshot;
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const body = await deflateAsync(pixels, { level: 6 });
      compressMs.push(performance.now() - t0);
      snapshot = protocol.assembleSnapshot({ width: n, height: n, version: 12345 }, body);
      bytes = snapshot.length;
    }
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const decoded = protocol.decodeSnapshot(snapshot);
      decodeMs.push(performance.now() - t0);
      if (decoded.pixels.length !== pixels.length || decoded.pixels[n * 3 + 7] !== pixels[n * 3 + 7]) throw new Error('snapshot round trip mismatch');
    }
    const row = { size: `${n}×${n}`, width: n, height: n, rawBytes: pixels.length, bytes, compressMs: median(compressMs), decodeMs: median(decodeMs), reps };
    log?.(
      `  snapshot ${row.size}: ${(bytes / 1024).toFixed(0)} KB, deflate L6 ${row.compressMs.toFixed(1)} ms, decode ${row.decodeMs.toFixed(1)} ms (median of ${reps})`,
    );
    rows.push(row);
  }
  return rows;
}
