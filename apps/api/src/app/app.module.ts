import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CanvasModule } from './canvas/canvas.module';
import { ApiExceptionFilter } from './api-exception.filter';
import { ZodValidationPipe } from './common/zod-validation.pipe';
import { ClientThrottlerGuard } from './auth/client-throttler.guard';
import { NetworkModule } from './common/network.module';
import { SlidingWindowThrottlerStorage } from './common/sliding-window-throttler.storage';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { FeedbackModule } from './feedback/feedback.module';
import { HealthModule } from './health/health.module';
import { HeatmapModule } from './heatmap/heatmap.module';
import { LeaderboardModule } from './leaderboard/leaderboard.module';
import { PlacementModule } from './placement/placement.module';
import { PresenceModule } from './presence/presence.module';
import { RealtimeModule } from './realtime/realtime.module';
import { ClusterModule } from './cluster/cluster.module';
import { RedisThrottlerStorage } from './cluster/redis-throttler.storage';
import { RedisService } from './cluster/redis.service';
import { SnapshotsModule } from './snapshots/snapshots.module';
import { StorageModule } from './storage/storage.module';
import { StoresModule } from './stores/stores.module';
import { TelegramModule } from './telegram/telegram.module';
import { ModerationModule } from './moderation/moderation.module';
import { TemplatesModule } from './templates/templates.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        NetworkModule,
        StorageModule.forRoot(config),
        ClusterModule.forRoot(config),
        ScheduleModule.forRoot(),
        ThrottlerModule.forRootAsync({
          inject: [{ token: RedisService, optional: true }],
          useFactory: (redis?: RedisService) => ({
            throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimit.perMinute }],
            storage: redis ? new RedisThrottlerStorage(redis, new SlidingWindowThrottlerStorage()) : new SlidingWindowThrottlerStorage(),
          }),
        }),
        HealthModule,
        CanvasModule,
        RealtimeModule,
        AuthModule,
        PresenceModule,
        PlacementModule,
        LeaderboardModule,
        HeatmapModule,
        FeedbackModule,
        SnapshotsModule,
        AdminModule,
        TemplatesModule,
        ModerationModule,
        StoresModule,
        TelegramModule.forRoot(config),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_GUARD, useClass: ClientThrottlerGuard },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
      ],
    };
  }
}
