import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CanvasModule } from '../canvas/canvas.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { PresenceModule } from '../presence/presence.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { AdminActionsService } from './admin-actions.service';
import { AdminAuditLog } from './admin-audit-log';

/** Admin actions (clear, new game, pause, bans, notices, stats) and the audit log. */
@Module({
  imports: [CanvasModule, RealtimeModule, AuthModule, PresenceModule, FeedbackModule, SnapshotsModule],
  providers: [AdminActionsService, AdminAuditLog],
  exports: [AdminActionsService, AdminAuditLog],
})
export class AdminModule {}
