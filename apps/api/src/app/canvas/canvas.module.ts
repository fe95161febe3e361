import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { clusterOrLocal } from '../cluster/cluster-provider';
import { PresenceModule } from '../presence/presence.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { storageRepository } from '../storage/database';
import { CanvasTicker } from './canvas-ticker.service';
import { CanvasController } from './canvas.controller';
import { CanvasService } from './canvas.service';
import { ChangeFeed, LocalChangeFeed } from './change-feed';
import { CooldownService } from './cooldown.service';
import { GameConfigController } from './game-config.controller';
import { PlacementLogRepository } from './placement-log.repository';
import { PlacementService } from './placement.service';
import { PostgresPlacementLogRepository } from './postgres-placement-log.repository';
import { RedisChangeFeed } from './redis-change-feed';
import { SqlitePlacementLogRepository } from './sqlite-placement-log.repository';

@Module({
  imports: [RealtimeModule, AuthModule, PresenceModule],
  controllers: [CanvasController, GameConfigController],
  providers: [
    CanvasService,
    CanvasTicker,
    CooldownService,
    PlacementService,
    storageRepository(PlacementLogRepository, {
      sqlite: (db) => new SqlitePlacementLogRepository(db),
      postgres: (db) => new PostgresPlacementLogRepository(db),
    }),
    clusterOrLocal(ChangeFeed, { local: () => new LocalChangeFeed(), cluster: (redis) => new RedisChangeFeed(redis) }),
  ],
  exports: [CanvasService, CooldownService, PlacementLogRepository],
})
export class CanvasModule {}
