import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTO_CHECKPOINT_PAGES, BACKSTOP_CHECKPOINT_PAGES, SqliteCheckpointWorker } from './sqlite-checkpoint-worker';

const until = async (check: () => boolean, timeoutMs = 5000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('SqliteCheckpointWorker', () => {
  let dir: string;
  let db: Database.Database;
  let file: string;
  let worker: SqliteCheckpointWorker | null = null;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pxw-checkpoint-'));
    file = join(dir, 'test.db');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });
  afterEach(async () => {
    await worker?.stop();
    worker = null;
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (rows: number) => {
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run('x'.repeat(200));
    })();
  };
  const autoCheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true }) as number;

  it('takes checkpoints out of commits: the worker copies the WAL into the database file', async () => {
    worker = new SqliteCheckpointWorker(db, 50, __filename);
    await worker.start();
    expect(worker.running).toBe(true);
    expect(autoCheckpoint()).toBe(BACKSTOP_CHECKPOINT_PAGES);

    const before = statSync(file).size;
    // far more than the 1,000 pages a commit would checkpoint itself, far less than the backstop
    for (let i = 0; i < 40; i++) write(500);
    await until(() => statSync(file).size > before + 2_000_000);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(20_000);
  });

  it('gives checkpoints back to the main connection when stopped or when the worker dies', async () => {
    worker = new SqliteCheckpointWorker(db, 50, __filename);
    await worker.start();
    await worker.stop();
    expect(autoCheckpoint()).toBe(AUTO_CHECKPOINT_PAGES);

    const failures: Error[] = [];
    worker = new SqliteCheckpointWorker(db, 50, join(dir, 'no-such-entry-point.js'), (error) => failures.push(error));
    await worker.start();
    expect(worker.running).toBe(false);
    expect(failures).toHaveLength(1);
    expect(autoCheckpoint()).toBe(AUTO_CHECKPOINT_PAGES);
  });
});
