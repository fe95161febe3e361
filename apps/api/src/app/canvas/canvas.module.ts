import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PresenceModule } from '../presence/presence.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { CanvasTicker } from './canvas-ticker.service';
import { CanvasController } from './canvas.controller';
import { CanvasService } from './canvas.service';
import { CooldownService } from './cooldown.service';
import { GameConfigController } from './game-config.controller';
import { PlacementLogRepository } from './placement-log.repository';
import { PlacementService } from './placement.service';
import { SqlitePlacementLogRepository } from './sqlite-placement-log.repository';

@Module({
  imports: [RealtimeModule, AuthModule, PresenceModule],
  controllers: [CanvasController, GameConfigController],
  providers: [
    CanvasService,
    CanvasTicker,
    CooldownService,
    PlacementService,
    { provide: PlacementLogRepository, useClass: SqlitePlacementLogRepository },
  ],
  exports: [CanvasService, CooldownService, PlacementLogRepository],
})
export class CanvasModule {}
