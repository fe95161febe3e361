import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from '../common/startup-error';
import { ConfigurationService } from '../config/configuration.service';
import { Migration } from './migration';
import { ALL_MIGRATIONS } from './migrations';
import { SqliteCheckpointWorker } from './sqlite-checkpoint-worker';
import { SqliteReadWorker } from './sqlite-read-worker';

/**
 * The embedded database: one SQLite file in DATA_DIR, WAL journal. `synchronous=NORMAL`
 * in WAL mode keeps every committed transaction across a process crash (kill -9);
 * only an OS crash or power loss can lose the last commits. While the app runs, WAL
 * checkpoints happen on a worker thread (SqliteCheckpointWorker), not inside commits.
 */
@Injectable()
export class SqliteDatabase implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly kind = 'sqlite' as const;
  private readonly logger = new Logger(SqliteDatabase.name);
  readonly db: Database.Database;
  /** Long read-only queries, off the event loop (same file, its own connection). */
  readonly offLoop: SqliteReadWorker;
  private readonly checkpoints: SqliteCheckpointWorker;

  constructor(configuration: ConfigurationService) {
    const { dataDir } = configuration.config;
    const file = join(dataDir, 'pixel-wars.db');
    try {
      mkdirSync(dataDir, { recursive: true });
      this.db = new Database(file);
    } catch (error) {
      throw new StartupError(`Cannot open the database ${file}: ${describe(error)}`);
    }
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      this.migrate(ALL_MIGRATIONS);
    } catch (error) {
      this.db.close();
      throw operatorProblem(error, file) ?? error;
    }
    this.offLoop = new SqliteReadWorker(file);
    this.checkpoints = new SqliteCheckpointWorker(this.db, CHECKPOINT_EVERY_MS, undefined, (error) =>
      this.logger.warn(`WAL checkpoints are back in commits: ${error.message}`),
    );
  }

  onApplicationBootstrap(): Promise<void> {
    return this.checkpoints.start();
  }

  private migrate(migrations: Migration[]): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const applied = new Set(this.db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
    const record = this.db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        record.run(migration.id, Date.now());
      })();
      this.logger.log(`applied migration ${migration.id}`);
    }
  }

  /** Closed last, after every module had its beforeApplicationShutdown to write. */
  async onApplicationShutdown(): Promise<void> {
    const checkpointsStopped = this.checkpoints.stop();
    if (this.db.open) this.db.close();
    await Promise.all([checkpointsStopped, this.offLoop.close()]);
  }
}

/**
 * Four passive checkpoints a second: each copies a quarter second of writes (at 1,000
 * placements/s some megabytes), short enough to finish between two commits most of the
 * time, which is what lets the writer start the WAL over.
 */
const CHECKPOINT_EVERY_MS = 250;

/** Errors an operator fixes (a foreign or damaged file, permissions, disk), as one clear line. */
function operatorProblem(error: unknown, file: string): StartupError | null {
  const code = String((error as { code?: unknown }).code ?? '');
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StartupError(
      `The database ${file} is not a valid SQLite database (${describe(error)}); restore it from a backup, or move it away to start with an empty one`,
    );
  }
  if (/^SQLITE_(CANTOPEN|READONLY|PERM|IOERR|FULL|BUSY|LOCKED)/.test(code)) return new StartupError(`Cannot use the database ${file}: ${describe(error)}`);
  return null;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !message.includes(code) ? `${message} [${code}]` : message;
}
