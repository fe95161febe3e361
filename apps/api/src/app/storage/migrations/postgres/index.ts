import { Migration } from '../../migration';
import { adminLanguagesPostgresMigrations } from './admin-languages.migrations';
import { authPostgresMigrations } from './auth.migrations';
import { captchaPostgresMigrations } from './captcha.migrations';
import { canvasPostgresMigrations } from './canvas.migrations';
import { feedbackPostgresMigrations } from './feedback.migrations';
import { historyImagesPostgresMigrations } from './history-images.migrations';
import { historyPostgresMigrations } from './history.migrations';
import { templatesPostgresMigrations } from './templates.migrations';
import { telegramIdentityPostgresMigrations } from './telegram-identity.migrations';

/** PostgreSQL schema steps; ids match the SQLite ones feature by feature. */
export const POSTGRES_MIGRATIONS: Migration[] = [
  ...canvasPostgresMigrations,
  ...authPostgresMigrations,
  ...feedbackPostgresMigrations,
  ...historyPostgresMigrations,
  ...historyImagesPostgresMigrations,
  ...templatesPostgresMigrations,
  ...telegramIdentityPostgresMigrations,
  ...captchaPostgresMigrations,
  ...adminLanguagesPostgresMigrations,
];
