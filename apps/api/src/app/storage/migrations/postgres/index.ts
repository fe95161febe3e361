import { Migration } from '../../migration';
import { canvasPostgresMigrations } from './canvas.migrations';
import { historyImagesPostgresMigrations } from './history-images.migrations';

/** PostgreSQL schema steps; ids match the SQLite ones feature by feature. */
export const POSTGRES_MIGRATIONS: Migration[] = [...canvasPostgresMigrations, ...historyImagesPostgresMigrations];
