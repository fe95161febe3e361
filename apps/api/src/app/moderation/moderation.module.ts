import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { AuthModule } from '../auth/auth.module';
import { CanvasModule } from '../canvas/canvas.module';
import { PixelHistoryModule } from '../pixel-history/pixel-history.module';
import { TemplatesModule } from '../templates/templates.module';
import { AdminHttpAuditInterceptor } from './admin-http-audit.interceptor';
import { AdminHttpController } from './admin-http.controller';
import { AdminHttpGuard } from './admin-http.guard';
import { ModerationCommands } from './moderation-commands';
import { RollbackService } from './rollback.service';

/**
 * Moderation: rollback (the admin HTTP API `/api/admin/*` and the bot's /rollback), and the
 * bot's /top and /templates, all through the admin seam (audit log, command registry).
 */
@Module({
  imports: [AdminModule, AuthModule, CanvasModule, PixelHistoryModule, TemplatesModule],
  controllers: [AdminHttpController],
  providers: [RollbackService, ModerationCommands, AdminHttpGuard, AdminHttpAuditInterceptor],
})
export class ModerationModule {}
