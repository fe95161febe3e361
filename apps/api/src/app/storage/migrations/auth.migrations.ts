import { Migration } from '../migration';

export const authMigrations: Migration[] = [];
