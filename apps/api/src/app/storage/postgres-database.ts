import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient, QueryResult, QueryResultRow, types } from 'pg';
import { StartupError } from '../common/startup-error';
import { redactUrl } from '../config/app-config';
import { Migration } from './migration';

/** BIGINT columns (versions, epoch ms) fit in a double: read them as numbers, not strings. */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === types.builtins.INT8 ? (value: string) => Number(value) : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

export interface PostgresOptions {
  /** How long start-up keeps trying to reach the server before giving up. */
  connectTimeoutMs?: number;
  poolSize?: number;
}

/** Any two instances starting at once take turns migrating. */
const MIGRATION_LOCK_KEY = 0x70786d67; // "pxmg"

/**
 * PostgreSQL through one `pg` pool. A request fails fast (connection timeout) while the
 * server is unreachable, so callers can answer 503 instead of hanging; idle connections
 * that break (a server restart) are replaced by the pool and never crash the process.
 */
export class PostgresDatabase implements OnApplicationShutdown {
  readonly kind = 'postgres' as const;
  private readonly logger = new Logger('PostgresDatabase');
  private closed = false;

  private constructor(readonly pool: Pool) {
    pool.on('error', (error) => this.logger.warn(`idle PostgreSQL connection failed: ${error.message}`));
  }

  /** Connects (retrying until `connectTimeoutMs`), then applies the migrations not yet applied. */
  static async open(url: string, migrations: readonly Migration[], options: PostgresOptions = {}): Promise<PostgresDatabase> {
    const pool = new Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
      query_timeout: 15_000,
      application_name: 'pixel-wars',
      types: typeParsers,
    });
    const database = new PostgresDatabase(pool);
    const deadline = Date.now() + (options.connectTimeoutMs ?? 30_000);
    for (let attempt = 1; ; attempt++) {
      try {
        await database.migrate(migrations);
        return database;
      } catch (error) {
        const reason = describeError(error);
        if (Date.now() >= deadline || !isConnectionError(error)) {
          await pool.end().catch(() => undefined);
          throw new StartupError(`cannot use PostgreSQL at ${redactUrl(url)}: ${reason}`);
        }
        database.logger.warn(`PostgreSQL not reachable yet (${reason}); retrying (attempt ${attempt})`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 200 * attempt)));
      }
    }
  }

  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: unknown[]): Promise<QueryResult<R>> {
    return this.pool.query<R>(text, params);
  }

  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** True when a trivial query answers (health). */
  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async migrate(migrations: readonly Migration[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
        const applied = new Set((await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
        for (const migration of migrations) {
          if (applied.has(migration.id)) continue;
          await client.query('BEGIN');
          try {
            await client.query(migration.sql);
            await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [migration.id, Date.now()]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw new Error(`migration ${migration.id} failed: ${describeError(error)}`);
          }
          this.logger.log(`applied migration ${migration.id}`);
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

function describeError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(' ') || String(error);
}

/** Errors worth waiting out at start-up (the server is starting or briefly away). */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as { message?: string }).message ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P03', '57P01', '08006', '08001', '08004'].includes(code) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(message)
  );
}
