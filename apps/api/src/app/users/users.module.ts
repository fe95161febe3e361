import { Module } from '@nestjs/common';
import { PostgresRefreshFamiliesRepository } from './postgres-refresh-families.repository';
import { RefreshFamiliesRepository } from './refresh-families.repository';
import { SessionEvents } from './session-events';
import { SqliteRefreshFamiliesRepository } from './sqlite-refresh-families.repository';
import { storageRepository } from '../storage/database';
import { PostgresUsersRepository } from './postgres-users.repository';
import { SqliteUsersRepository } from './sqlite-users.repository';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Accounts, bans and session floors. Banning and ending sessions revoke the user's
 * refresh families and eject them from play, so the families' repository and the eject
 * notifications are bound here too; AuthModule imports and re-exports this module.
 */
@Module({
  providers: [
    storageRepository(UsersRepository, { sqlite: (db) => new SqliteUsersRepository(db), postgres: (db) => new PostgresUsersRepository(db) }),
    storageRepository(RefreshFamiliesRepository, {
      sqlite: (db) => new SqliteRefreshFamiliesRepository(db),
      postgres: (db) => new PostgresRefreshFamiliesRepository(db),
    }),
    UsersService,
    SessionEvents,
  ],
  exports: [UsersService, UsersRepository, RefreshFamiliesRepository, SessionEvents],
})
export class UsersModule {}
