import { Module } from '@nestjs/common';
import { clusterOrLocal } from '../cluster/cluster-provider';
import { RealtimeModule } from '../realtime/realtime.module';
import { storageRepository } from '../storage/database';
import { TelegramBotUsername } from '../auth/telegram-bot-username';
import { CanvasTicker } from './canvas-ticker.service';
import { CanvasController } from './canvas.controller';
import { CanvasService } from './canvas.service';
import { ChangeFeed, LocalChangeFeed } from './change-feed';
import { GameConfigController } from './game-config.controller';
import { PlacementLogRepository } from './placement-log.repository';
import { PostgresPlacementLogRepository } from './postgres-placement-log.repository';
import { RedisChangeFeed } from './redis-change-feed';
import { SqlitePlacementLogRepository } from './sqlite-placement-log.repository';

@Module({
  imports: [RealtimeModule],
  controllers: [CanvasController, GameConfigController],
  providers: [
    CanvasService,
    CanvasTicker,
    TelegramBotUsername,
    storageRepository(PlacementLogRepository, {
      sqlite: (db) => new SqlitePlacementLogRepository(db),
      postgres: (db) => new PostgresPlacementLogRepository(db),
    }),
    clusterOrLocal(ChangeFeed, { local: () => new LocalChangeFeed(), cluster: (redis) => new RedisChangeFeed(redis) }),
  ],
  exports: [CanvasService, PlacementLogRepository],
})
export class CanvasModule {}
