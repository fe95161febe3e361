import type { Worker } from 'node:worker_threads';
import { ENTRY_POINT, startSqliteWorker } from './sqlite-worker-thread';

/**
 * Runs long read-only queries (rankings over the whole placement log) on a worker thread
 * with its own read-only connection to the same WAL file, so the event loop that serves
 * placements and ticks never waits for them. WAL readers see every committed transaction.
 * The worker starts on the first query and is restarted after a crash.
 */
export class SqliteReadWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (rows: unknown[][]) => void; reject: (error: Error) => void }>();

  constructor(
    private readonly file: string,
    /** Where better-sqlite3 is resolved from in the worker. */
    private readonly resolveFrom: string = ENTRY_POINT,
  ) {}

  /** The rows of `sql` as arrays (better-sqlite3 `.raw()`), `?` parameters in order. */
  all<Row extends unknown[]>(sql: string, params: readonly (string | number | null)[]): Promise<Row[]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<Row[]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (rows: unknown[][]) => void, reject });
      worker.postMessage({ id, sql, params });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failAll(new Error('the SQLite read worker was closed'));
  }

  private start(): Worker {
    const worker = startSqliteWorker(WORKER_BODY, { file: this.file }, this.resolveFrom);
    worker.on('message', (reply: { id: number; rows?: unknown[][]; error?: string }) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.error === undefined) waiting.resolve(reply.rows ?? []);
      else waiting.reject(new Error(reply.error));
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      this.failAll(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SQLite read worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

const WORKER_BODY = `
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
parentPort.on('message', ({ id, sql, params }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql).raw()));
    parentPort.postMessage({ id, rows: statement.all(...params) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;
