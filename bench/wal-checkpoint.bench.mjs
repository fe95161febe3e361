#!/usr/bin/env node
// Commit latency on the event loop with SQLite's own WAL checkpoints against checkpoints on a
// worker thread (issue 17; apps/api/src/app/storage/sqlite-checkpoint-worker.ts does the
// latter in the product). A placement-shaped table (the product's canvas_changes columns and
// indexes), WAL with synchronous=NORMAL, COMMITS commits of ROWS rows each, back to back.
//   node bench/wal-checkpoint.bench.mjs [--commits=3000] [--rows=10] [--gap-ms=1] [--every-ms=250]
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWalCheckpointer } from './lib/wal-checkpointer.mjs';

const option = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const COMMITS = option('commits', 3000);
const ROWS = option('rows', 10);
// event-loop work between two commits (the requests of the next group commit), and the worker's cadence
const GAP_MS = option('gap-ms', 1);
const EVERY_MS = option('every-ms', 250);

async function run(mode) {
  const dir = mkdtempSync(join(tmpdir(), 'pxw-wal-bench-'));
  const file = join(dir, 'bench.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE canvas_changes (version INTEGER PRIMARY KEY, game INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL,
    color INTEGER NOT NULL, user_id TEXT NOT NULL, placed_at INTEGER NOT NULL);
    CREATE INDEX canvas_changes_user ON canvas_changes (user_id, placed_at);
    CREATE INDEX canvas_changes_time ON canvas_changes (placed_at);`);
  const worker = mode === 'worker' ? await startWalCheckpointer(db, EVERY_MS) : null;
  const insert = db.prepare('INSERT INTO canvas_changes VALUES (?, ?, ?, ?, ?, ?, ?)');
  let version = 0;
  const commit = db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      version++;
      insert.run(version, 1, version % 1000, version % 997, version % 32, `user-${version % 2000}-0123456789abcdef01234567`, Date.now());
    }
  });
  const took = [];
  for (let i = 0; i < COMMITS; i++) {
    const started = performance.now();
    commit();
    took.push(performance.now() - started);
    // a loop turn with GAP_MS of work between commits, as the product's group commit has
    const busyUntil = performance.now() + GAP_MS;
    while (performance.now() < busyUntil);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const walBytes = statSync(`${file}-wal`).size;
  await worker?.terminate();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  took.sort((a, b) => a - b);
  const at = (p) => took[Math.min(took.length - 1, Math.floor((p / 100) * took.length))].toFixed(2);
  return `${mode === 'worker' ? 'checkpoints on a worker  ' : "SQLite's own checkpoints "} commit p50 ${at(50)} ms, p99 ${at(99)} ms, p99.9 ${at(99.9)} ms, max ${took[took.length - 1].toFixed(2)} ms; WAL file ${(walBytes / 1e6).toFixed(1)} MB (its high-water mark)`;
}

console.log(`${COMMITS} commits of ${ROWS} rows, ${GAP_MS} ms of work between, worker checkpoint every ${EVERY_MS} ms, Node ${process.version}`);
for (const mode of ['sqlite', 'worker', 'sqlite', 'worker']) console.log(await run(mode));
