import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '../../config/app-config';
import { ConfigurationService } from '../../config/configuration.service';
import { SqliteDatabase } from '../../storage/sqlite-database';
import { SqliteUsersRepository } from '../../users/users.repository';
import { UsersService } from '../../users/users.service';
import { AccessTokenService } from '../access-token.service';
import { SqliteRefreshFamiliesRepository } from '../refresh-families.repository';
import { RefreshTokenService } from '../refresh-token.service';
import { SessionEvents } from '../session-events';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** The auth services over a real SQLite file in a temporary directory (unit tests). */
export function createAuthFixture(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pixel-wars-auth-'));
  const configuration = new ConfigurationService(loadAppConfig({ DATA_DIR: dir, JWT_SECRET: TEST_JWT_SECRET, ...env }));
  const database = new SqliteDatabase(configuration);
  const usersRepository = new SqliteUsersRepository(database);
  const families = new SqliteRefreshFamiliesRepository(database);
  const events = new SessionEvents();
  const users = new UsersService(usersRepository, families, events, configuration);
  users.onModuleInit();
  const access = new AccessTokenService(configuration, users);
  const refresh = new RefreshTokenService(families, configuration);
  return {
    dir,
    configuration,
    database,
    families,
    events,
    users,
    access,
    refresh,
    close() {
      users.onModuleDestroy();
      database.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type AuthFixture = ReturnType<typeof createAuthFixture>;
