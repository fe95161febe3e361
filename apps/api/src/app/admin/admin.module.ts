import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CanvasModule } from '../canvas/canvas.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { PresenceModule } from '../presence/presence.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { storageRepository } from '../storage/database';
import { AdminActionsService } from './admin-actions.service';
import { AdminAuditRepository } from './admin-audit.repository';
import { AdminAuditLog } from './admin-audit-log';
import { PostgresAdminAuditRepository } from './postgres-admin-audit.repository';
import { SqliteAdminAuditRepository } from './sqlite-admin-audit.repository';
import { AdminCommandsModule } from './admin-commands.module';
import { CanvasCommands } from './commands/canvas.commands';
import { InfoCommands } from './commands/info.commands';
import { ModerationCommands } from './commands/moderation.commands';

/**
 * The admin console, channel-neutral: actions (clear, new game, pause, bans, notices,
 * stats), the audit log, and the built-in commands in the registry. Channels (the
 * Telegram bot) import this module; features add commands through AdminCommandsModule.
 */
@Module({
  imports: [AdminCommandsModule, CanvasModule, RealtimeModule, AuthModule, PresenceModule, FeedbackModule],
  providers: [
    AdminActionsService,
    storageRepository(AdminAuditRepository, { sqlite: (db) => new SqliteAdminAuditRepository(db), postgres: (db) => new PostgresAdminAuditRepository(db) }),
    AdminAuditLog,
    CanvasCommands,
    ModerationCommands,
    InfoCommands,
  ],
  exports: [AdminCommandsModule, AdminActionsService, AdminAuditLog],
})
export class AdminModule {}
