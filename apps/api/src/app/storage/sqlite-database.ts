import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationService } from '../config/configuration.service';
import { Migration } from './migration';
import { ALL_MIGRATIONS } from './migrations';

/**
 * The embedded database: one SQLite file in DATA_DIR, WAL journal. `synchronous=NORMAL`
 * in WAL mode keeps every committed transaction across a process crash (kill -9);
 * only an OS crash or power loss can lose the last commits.
 */
@Injectable()
export class SqliteDatabase implements OnApplicationShutdown {
  readonly kind = 'sqlite' as const;
  private readonly logger = new Logger(SqliteDatabase.name);
  readonly db: Database.Database;

  constructor(configuration: ConfigurationService) {
    const { dataDir } = configuration.config;
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'pixel-wars.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate(ALL_MIGRATIONS);
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
  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }
}
