import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DATABASE } from './database';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { PostgresDatabase } from './postgres-database';
import { SqliteDatabase } from './sqlite-database';

/**
 * The database: the embedded SQLite file by default, PostgreSQL when DATABASE_URL is set.
 * Feature modules bind their repositories with `storageRepository(...)` against DATABASE.
 */
@Global()
@Module({})
export class StorageModule {
  static forRoot(config: AppConfig): DynamicModule {
    const storage = config.storage;
    const providers: Provider[] =
      storage.kind === 'postgres'
        ? [
            { provide: PostgresDatabase, useFactory: () => PostgresDatabase.open(storage.url, POSTGRES_MIGRATIONS) },
            { provide: DATABASE, useExisting: PostgresDatabase },
          ]
        : [SqliteDatabase, { provide: DATABASE, useExisting: SqliteDatabase }];
    return { module: StorageModule, providers, exports: providers };
  }
}
