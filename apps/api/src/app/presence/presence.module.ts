import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClusterBus } from '../cluster/cluster-bus';
import { clusterOrLocal } from '../cluster/cluster-provider';
import { ConfigurationService } from '../config/configuration.service';
import { AdmissionLoad } from '../queue/admission-load';
import { QueueModule } from '../queue/queue.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';
import { LocalPresenceService } from './local-presence.service';
import { MeController } from './me.controller';
import { PresenceGatewayBinding } from './presence-gateway.binding';
import { PresenceMetrics } from './presence-metrics';
import { PresenceService } from './presence.service';
import { RedisPresenceService } from './redis/redis-presence.service';

/** Presence (queued/playing/stalled/afk) and GET /api/me; in this process or, with REDIS_URL, shared through Redis. */
@Module({
  imports: [AuthModule, UsersModule, QueueModule, RealtimeModule],
  controllers: [MeController],
  providers: [
    clusterOrLocal<PresenceService, [ConfigurationService, UsersService, AdmissionLoad, ClusterBus]>(
      PresenceService,
      {
        local: (configuration, users, load) => new LocalPresenceService(configuration, users, load),
        cluster: (redis, configuration, users, load, bus) => new RedisPresenceService(redis, bus, configuration, users, load),
      },
      [ConfigurationService, UsersService, AdmissionLoad, ClusterBus],
    ),
    PresenceGatewayBinding,
    PresenceMetrics,
  ],
  exports: [PresenceService, QueueModule],
})
export class PresenceModule {}
