import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '../../src/app/config/app-config';
import { ConfigurationService } from '../../src/app/config/configuration.service';
import type { Database } from '../../src/app/storage/database';
import { POSTGRES_MIGRATIONS } from '../../src/app/storage/migrations/postgres';
import { PostgresDatabase } from '../../src/app/storage/postgres-database';
import { SqliteDatabase } from '../../src/app/storage/sqlite-database';
import { createTestDatabase } from './postgres';

/** One migrated database of either engine, for a contract spec; `close()` removes it. */
export interface OpenedStorage<D> {
  db: D;
  /** Runs raw SQL with positional `?` parameters (seeding tables the repository under test only reads). */
  exec(sql: string, params?: unknown[]): Promise<void>;
  /** Reads rows with raw SQL (positional `?` parameters), to check what a repository stored. */
  all<R>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export interface StorageBackend<D = Database> {
  name: 'sqlite' | 'postgres';
  open(label: string): Promise<OpenedStorage<D>>;
}

export const sqliteBackend: StorageBackend<SqliteDatabase> = {
  name: 'sqlite',
  async open(label) {
    const dir = mkdtempSync(join(tmpdir(), `pixel-wars-${label}-`));
    const db = new SqliteDatabase(new ConfigurationService(loadAppConfig({ DATA_DIR: dir })));
    return {
      db,
      exec: async (sql, params = []) => {
        db.db.prepare(sql).run(...params);
      },
      all: async <R>(sql: string, params: unknown[] = []) => db.db.prepare(sql).all(...params) as R[],
      close: async () => {
        db.onApplicationShutdown();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function positional(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A fresh PostgreSQL database (pw_<label>_<random>) with every migration applied; dropped on close. */
export const postgresBackend: StorageBackend<PostgresDatabase> = {
  name: 'postgres',
  async open(label) {
    const test = await createTestDatabase(label);
    const db = await PostgresDatabase.open(test.url, POSTGRES_MIGRATIONS);
    return {
      db,
      exec: async (sql, params = []) => {
        await db.query(positional(sql), params);
      },
      all: async <R>(sql: string, params: unknown[] = []) => (await db.query(positional(sql), params)).rows as R[],
      close: async () => {
        await db.onApplicationShutdown();
        await test.drop();
      },
    };
  },
};

/** Both engines: `describe.each(STORAGE_BACKENDS)('… on $name', …)` runs one contract on each. */
export const STORAGE_BACKENDS: ReadonlyArray<StorageBackend> = [sqliteBackend, postgresBackend];

/** Picks the implementation of a repository for the opened database's engine. */
export function implementationFor<T>(db: Database, implementations: { sqlite: (db: SqliteDatabase) => T; postgres: (db: PostgresDatabase) => T }): T {
  return db.kind === 'sqlite' ? implementations.sqlite(db) : implementations.postgres(db);
}
