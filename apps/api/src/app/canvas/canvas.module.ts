import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { CanvasTicker } from './canvas-ticker.service';
import { CanvasController } from './canvas.controller';
import { CanvasService } from './canvas.service';
import { CooldownService } from './cooldown.service';
import { DevelopmentPlacementGuard } from './development-placement.guard';
import { GameConfigController } from './game-config.controller';
import { PlacementLogRepository } from './placement-log.repository';
import { PlacementService } from './placement.service';
import { SqlitePlacementLogRepository } from './sqlite-placement-log.repository';

@Module({
  imports: [RealtimeModule],
  controllers: [CanvasController, GameConfigController],
  providers: [
    CanvasService,
    CanvasTicker,
    CooldownService,
    PlacementService,
    DevelopmentPlacementGuard,
    { provide: PlacementLogRepository, useClass: SqlitePlacementLogRepository },
  ],
  exports: [CanvasService, CooldownService, PlacementLogRepository],
})
export class CanvasModule {}
