import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TestDatabase } from '../../../test/support/postgres';
import { StartupError } from '../common/startup-error';
import { PostgresDatabase } from './postgres-database';

describe('PostgresDatabase', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('pgdb');
  });
  afterAll(async () => {
    await t?.drop();
  });

  const migrations = [
    { id: 'test-001', sql: 'CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT NOT NULL)' },
    { id: 'test-002', sql: 'ALTER TABLE things ADD COLUMN at BIGINT' },
  ];

  it('applies migrations once, even when two instances start together, and reads BIGINT as numbers', async () => {
    const [a, b] = await Promise.all([PostgresDatabase.open(t.url, migrations), PostgresDatabase.open(t.url, migrations)]);
    try {
      const applied = await a.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
      expect(applied.rows.map((r) => r.id)).toEqual(['test-001', 'test-002']);
      await b.query('INSERT INTO things (id, name, at) VALUES ($1, $2, $3)', [2 ** 40, 'x', Date.now()]);
      const row = (await a.query<{ id: number; at: number }>('SELECT id, at FROM things')).rows[0];
      expect(row.id).toBe(2 ** 40);
      expect(typeof row.at).toBe('number');
    } finally {
      await a.onApplicationShutdown();
      await b.onApplicationShutdown();
    }
  });

  it('rolls a failed transaction back', async () => {
    const db = await PostgresDatabase.open(t.url, migrations);
    try {
      await expect(
        db.transaction(async (tx) => {
          await tx.query("INSERT INTO things (id, name) VALUES (7, 'seven')");
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await db.query('SELECT 1 FROM things WHERE id = 7')).rowCount).toBe(0);
      expect(await db.ping()).toBe(true);
    } finally {
      await db.onApplicationShutdown();
    }
  });

  it('gives up on an unreachable server with one line that hides the password', async () => {
    const error = await PostgresDatabase.open('postgres://u:hunter2@127.0.0.1:1/x', migrations, { connectTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/cannot use PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: ECONNREFUSED/);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
