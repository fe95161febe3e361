import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CanvasModule } from '../canvas/canvas.module';
import { clusterOrLocal } from '../cluster/cluster-provider';
import { ConfigurationService } from '../config/configuration.service';
import { PresenceModule } from '../presence/presence.module';
import { UsersModule } from '../users/users.module';
import { CooldownService } from './cooldown.service';
import { LocalCooldownService } from './local-cooldown.service';
import { PlacementController } from './placement.controller';
import { PlacementService } from './placement.service';
import { RedisCooldownService } from './redis-cooldown.service';

/** POST /api/canvas/pixels: presence and cooldown checks around the canvas write pipeline. */
@Module({
  imports: [AuthModule, CanvasModule, PresenceModule, UsersModule],
  controllers: [PlacementController],
  providers: [
    PlacementService,
    clusterOrLocal<CooldownService, [ConfigurationService]>(
      CooldownService,
      {
        local: (configuration) => new LocalCooldownService(configuration),
        cluster: (redis, configuration) => new RedisCooldownService(redis, configuration),
      },
      [ConfigurationService],
    ),
  ],
  exports: [PlacementService],
})
export class PlacementModule {}
