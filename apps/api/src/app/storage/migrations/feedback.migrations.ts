import { Migration } from '../migration';

export const feedbackMigrations: Migration[] = [];
