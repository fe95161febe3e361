import { Worker } from 'node:worker_threads';

/** better-sqlite3 is resolved from the running entry point in a worker, the way the main thread found it. */
export const ENTRY_POINT = process.argv[1] ?? __filename;

/**
 * Starts an unref'd worker thread running `body` with `workerData`, `parentPort` and
 * better-sqlite3's `Database` in scope (resolved from `resolveFrom`).
 */
export function startSqliteWorker(body: string, workerData: Record<string, unknown>, resolveFrom: string): Worker {
  const source = `
const { createRequire } = require('node:module');
const { parentPort, workerData } = require('node:worker_threads');
const Database = createRequire(workerData.resolveFrom)('better-sqlite3');
${body}`;
  const worker = new Worker(source, { eval: true, workerData: { ...workerData, resolveFrom } });
  worker.unref();
  return worker;
}
