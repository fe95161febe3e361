import { Migration } from '../../migration';
import { canvasPostgresMigrations } from './canvas.migrations';

/** PostgreSQL schema steps; ids match the SQLite ones feature by feature. */
export const POSTGRES_MIGRATIONS: Migration[] = [...canvasPostgresMigrations];
