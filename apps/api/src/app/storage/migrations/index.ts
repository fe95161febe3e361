import { Migration } from '../migration';
import { adminLanguagesMigrations } from './admin-languages.migrations';
import { authMigrations } from './auth.migrations';
import { captchaMigrations } from './captcha.migrations';
import { canvasMigrations } from './canvas.migrations';
import { feedbackMigrations } from './feedback.migrations';
import { historyMigrations } from './history.migrations';
import { telegramIdentityMigrations } from './telegram-identity.migrations';
import { templatesMigrations } from './templates.migrations';

export const ALL_MIGRATIONS: Migration[] = [
  ...canvasMigrations,
  ...authMigrations,
  ...feedbackMigrations,
  ...historyMigrations,
  ...templatesMigrations,
  ...telegramIdentityMigrations,
  ...captchaMigrations,
  ...adminLanguagesMigrations,
];
