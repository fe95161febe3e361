// WAL checkpoints the way the product takes them (apps/api/src/app/storage/sqlite-checkpoint-worker.ts),
// for the bench's own SQLite users: a PASSIVE checkpoint every `everyMs` from a worker thread's
// connection, and on the committing connection only past 10,000 WAL pages (the product's backstop).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;

/** Resolves with the unref'd worker once it runs; `db` is the committing better-sqlite3 connection. */
export function startWalCheckpointer(db, everyMs = 250) {
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const worker = new Worker(
    `const Database = require(${JSON.stringify(BETTER_SQLITE3)});
     const db = new Database(${JSON.stringify(db.name)}, { fileMustExist: true });
     setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), ${everyMs});
     require('node:worker_threads').parentPort.postMessage('ready');`,
    { eval: true },
  );
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}
