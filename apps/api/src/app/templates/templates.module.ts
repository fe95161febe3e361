import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CanvasModule } from '../canvas/canvas.module';
import { OptionalPrincipalResolver } from '../feedback/optional-principal.resolver';
import { PixelHistoryModule } from '../pixel-history/pixel-history.module';
import { storageRepository } from '../storage/database';
import { PostgresTemplatesRepository } from './postgres-templates.repository';
import { SqliteTemplatesRepository } from './sqlite-templates.repository';
import { TemplatesController } from './templates.controller';
import { TemplatesRepository } from './templates.repository';
import { TemplatesService } from './templates.service';

/** `/api/templates`: shared templates of the current game, their progress and grief list. */
@Module({
  imports: [AuthModule, CanvasModule, PixelHistoryModule],
  controllers: [TemplatesController],
  providers: [
    TemplatesService,
    OptionalPrincipalResolver,
    storageRepository(TemplatesRepository, { sqlite: (db) => new SqliteTemplatesRepository(db), postgres: (db) => new PostgresTemplatesRepository(db) }),
  ],
  exports: [TemplatesService],
})
export class TemplatesModule {}
