import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CanvasModule } from '../canvas/canvas.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { PresenceModule } from '../presence/presence.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { storageRepository } from '../storage/database';
import { AdminActionsService } from './admin-actions.service';
import { AdminAuditRepository } from './admin-audit.repository';
import { AdminAuditLog } from './admin-audit-log';
import { PostgresAdminAuditRepository } from './postgres-admin-audit.repository';
import { SqliteAdminAuditRepository } from './sqlite-admin-audit.repository';

/** Admin actions (clear, new game, pause, bans, notices, stats) and the audit log. */
@Module({
  imports: [CanvasModule, RealtimeModule, AuthModule, PresenceModule, FeedbackModule, SnapshotsModule],
  providers: [
    AdminActionsService,
    storageRepository(AdminAuditRepository, { sqlite: (db) => new SqliteAdminAuditRepository(db), postgres: (db) => new PostgresAdminAuditRepository(db) }),
    AdminAuditLog,
  ],
  exports: [AdminActionsService, AdminAuditLog],
})
export class AdminModule {}
