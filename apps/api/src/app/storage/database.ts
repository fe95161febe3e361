import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { PostgresDatabase } from './postgres-database';
import type { SqliteDatabase } from './sqlite-database';

/** The one database of this process: the embedded SQLite file, or PostgreSQL (DATABASE_URL). */
export type Database = SqliteDatabase | PostgresDatabase;

/** Injection token of the active Database (either kind). */
export const DATABASE = Symbol('DATABASE');

type Abstract<T> = abstract new (...args: never[]) => T;

/**
 * Binds a repository's abstract class to its SQLite or PostgreSQL implementation,
 * whichever database this process runs on. `inject` lists further constructor
 * dependencies, passed after the database.
 */
export function storageRepository<T, D extends unknown[] = []>(
  token: Abstract<T>,
  implementations: { sqlite: (db: SqliteDatabase, ...deps: D) => T; postgres: (db: PostgresDatabase, ...deps: D) => T },
  inject: InjectionToken[] = [],
): FactoryProvider<T> {
  return {
    provide: token,
    inject: [DATABASE, ...inject],
    useFactory: (db: Database, ...deps: unknown[]) =>
      db.kind === 'sqlite' ? implementations.sqlite(db, ...(deps as D)) : implementations.postgres(db, ...(deps as D)),
  };
}
