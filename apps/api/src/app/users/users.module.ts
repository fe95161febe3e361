import { Module } from '@nestjs/common';
import { RefreshFamiliesRepository, SqliteRefreshFamiliesRepository } from '../auth/refresh-families.repository';
import { SessionEvents } from '../auth/session-events';
import { SqliteUsersRepository, UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Accounts, bans and session floors. Banning and ending sessions revoke the user's
 * refresh families and eject them from play, so the families' repository and the eject
 * notifications are bound here too; AuthModule imports and re-exports this module.
 */
@Module({
  providers: [
    { provide: UsersRepository, useClass: SqliteUsersRepository },
    { provide: RefreshFamiliesRepository, useClass: SqliteRefreshFamiliesRepository },
    UsersService,
    SessionEvents,
  ],
  exports: [UsersService, UsersRepository, RefreshFamiliesRepository, SessionEvents],
})
export class UsersModule {}
