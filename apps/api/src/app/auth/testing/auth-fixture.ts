import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalClusterBus } from '../../cluster/local-cluster-bus';
import { loadAppConfig } from '../../config/app-config';
import { ConfigurationService } from '../../config/configuration.service';
import { SqliteDatabase } from '../../storage/sqlite-database';
import { SqliteUsersRepository } from '../../users/sqlite-users.repository';
import { UsersService } from '../../users/users.service';
import { AccessTokenService } from '../access-token.service';
import { RefreshTokenService } from '../refresh-token.service';
import { SessionEvents } from '../../users/session-events';
import { SqliteRefreshFamiliesRepository } from '../../users/sqlite-refresh-families.repository';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** The auth services over a real SQLite file in a temporary directory (unit tests). */
export async function createAuthFixture(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pixel-wars-auth-'));
  const configuration = new ConfigurationService(loadAppConfig({ DATA_DIR: dir, JWT_SECRET: TEST_JWT_SECRET, ...env }));
  const database = new SqliteDatabase(configuration);
  const usersRepository = new SqliteUsersRepository(database);
  const families = new SqliteRefreshFamiliesRepository(database);
  const events = new SessionEvents();
  const users = new UsersService(usersRepository, families, events, configuration, new LocalClusterBus('test'));
  await users.onModuleInit();
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
    async close() {
      await users.onModuleDestroy();
      database.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type AuthFixture = Awaited<ReturnType<typeof createAuthFixture>>;
