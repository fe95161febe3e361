import type Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { ENTRY_POINT, startSqliteWorker } from './sqlite-worker-thread';

/** SQLite's own default: a commit that finds this many WAL pages checkpoints them itself. */
export const AUTO_CHECKPOINT_PAGES = 1000;
/**
 * While the worker checkpoints: the WAL only starts over once a checkpoint has copied all of
 * it, which a passive checkpoint racing a steady stream of commits may not manage for a
 * while; past this many pages (40 MB) a commit checkpoints the little that is left itself.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;

/**
 * Moves WAL checkpoints off the event loop. By default the commit that crosses 1,000 WAL
 * pages copies them into the database file and syncs it, inside that commit: 8–10 ms of a
 * blocked event loop every few seconds at 1,000 placements/s. While this runs, the main
 * connection never checkpoints (`wal_autocheckpoint = 0`) and a worker thread with its own
 * connection runs a PASSIVE checkpoint every `everyMs`, which never blocks the writer;
 * the writer starts the WAL over once everything in it was checkpointed. If the worker
 * fails, the main connection checkpoints on its own again.
 */
export class SqliteCheckpointWorker {
  private worker: Worker | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database.Database,
    private readonly everyMs = 1000,
    /** Where better-sqlite3 is resolved from in the worker. */
    private readonly resolveFrom: string = ENTRY_POINT,
    private readonly onFailure: (error: Error) => void = () => undefined,
  ) {}

  /** Resolves once the worker checkpoints and the main connection stopped doing it itself. */
  start(): Promise<void> {
    if (this.worker) return Promise.resolve();
    this.stopped = false;
    const worker = startSqliteWorker(WORKER_BODY, { file: this.db.name, everyMs: this.everyMs }, this.resolveFrom);
    this.worker = worker;
    return new Promise<void>((resolve) => {
      worker.once('message', () => {
        if (this.worker === worker && this.db.open) this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
        resolve();
      });
      const fail = (error: Error): void => {
        if (this.worker !== worker) return;
        this.worker = null;
        this.restoreAutoCheckpoint();
        if (!this.stopped) this.onFailure(error);
        resolve();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the SQLite checkpoint worker exited (code ${code})`)));
    });
  }

  /** The main connection checkpoints on its own again (and a last close checkpoints everything). */
  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = null;
    this.restoreAutoCheckpoint();
    if (worker) await worker.terminate();
  }

  get running(): boolean {
    return this.worker !== null;
  }

  private restoreAutoCheckpoint(): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  }
}

const WORKER_BODY = `
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
parentPort.postMessage('ready');
`;
