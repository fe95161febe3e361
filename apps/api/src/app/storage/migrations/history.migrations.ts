import { Migration } from '../migration';

export const historyMigrations: Migration[] = [];
