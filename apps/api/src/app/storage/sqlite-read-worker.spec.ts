import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteReadWorker } from './sqlite-read-worker';

/** A query that keeps SQLite busy for a while (counts through a recursive CTE). */
const SLOW_COUNT = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT COUNT(*) FROM n';

describe('SqliteReadWorker', () => {
  let dir: string;
  let file: string;
  let writer: Database.Database;
  let reader: SqliteReadWorker;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pw-read-worker-'));
    file = join(dir, 'db.sqlite');
    writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
    reader = new SqliteReadWorker(file);
  });

  afterEach(async () => {
    await reader.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers with raw rows and sees what the writer committed before the query', async () => {
    writer.prepare('INSERT INTO t VALUES (?, ?)').run('a', 1);
    expect(await reader.all('SELECT k, v FROM t ORDER BY k', [])).toEqual([['a', 1]]);
    writer.prepare('INSERT INTO t VALUES (?, ?)').run('b', 2);
    expect(await reader.all('SELECT k, v FROM t WHERE v >= ? ORDER BY k', [1])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('keeps the event loop free while a long query runs', async () => {
    await reader.all('SELECT 1', []); // the worker is up
    const started = performance.now();
    let longestGapMs = 0;
    let last = started;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
    }, 5);
    const [[count]] = await reader.all<[number]>(SLOW_COUNT, [3_000_000]);
    clearInterval(timer);
    const elapsedMs = performance.now() - started;
    expect(count).toBe(3_000_000);
    // The same query on this thread blocks for the whole elapsed time; here the timer kept ticking.
    expect(elapsedMs).toBeGreaterThan(150);
    expect(longestGapMs).toBeLessThan(elapsedMs / 2);
  });

  it('rejects a bad query with SQLite’s message and keeps serving', async () => {
    await expect(reader.all('SELECT nope FROM t', [])).rejects.toThrow(/no such column: nope/);
    expect(await reader.all('SELECT COUNT(*) FROM t', [])).toEqual([[0]]);
  });

  it('refuses writes: its connection is read-only', async () => {
    await expect(reader.all("INSERT INTO t VALUES ('x', 1) RETURNING k", [])).rejects.toThrow(/readonly/i);
  });

  it('fails pending queries when closed, and starts again on the next query', async () => {
    const pending = reader.all(SLOW_COUNT, [20_000_000]);
    await reader.close();
    await expect(pending).rejects.toThrow(/closed|exited/);
    expect(await reader.all('SELECT 2', [])).toEqual([[2]]);
  });
});
