import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CaptchaModule } from '../captcha/captcha.module';
import { CanvasModule } from '../canvas/canvas.module';
import { clusterOrLocal } from '../cluster/cluster-provider';
import { ConfigurationService } from '../config/configuration.service';
import { PresenceModule } from '../presence/presence.module';
import { UsersModule } from '../users/users.module';
import { PresenceService } from '../presence/presence.service';
import { LocalPlacementGate } from './local-placement-gate';
import { PlacementGate } from './placement-gate';
import { PlacementController } from './placement.controller';
import { PlacementService } from './placement.service';
import { RedisPlacementGate } from './redis-placement-gate';

/** POST /api/canvas/pixels: the placement gate (playing? cooldown) around the canvas write pipeline. */
@Module({
  imports: [AuthModule, CanvasModule, CaptchaModule, PresenceModule, UsersModule],
  controllers: [PlacementController],
  providers: [
    PlacementService,
    clusterOrLocal<PlacementGate, [ConfigurationService, PresenceService]>(
      PlacementGate,
      {
        local: (configuration, presence) => new LocalPlacementGate(presence, configuration),
        cluster: (redis, configuration) => new RedisPlacementGate(redis, configuration),
      },
      [ConfigurationService, PresenceService],
    ),
  ],
  exports: [PlacementService],
})
export class PlacementModule {}
