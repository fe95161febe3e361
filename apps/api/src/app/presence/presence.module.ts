import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdmissionLoad } from '../queue/admission-load';
import { RealtimeModule } from '../realtime/realtime.module';
import { MeController } from './me.controller';
import { PresenceGatewayBinding } from './presence-gateway.binding';
import { PresenceMetrics } from './presence-metrics';
import { PresenceService } from './presence.service';

/** Presence (queued/playing/stalled/afk), the admission queue, GET /api/me. */
@Module({
  imports: [AuthModule, RealtimeModule],
  controllers: [MeController],
  providers: [PresenceService, AdmissionLoad, PresenceGatewayBinding, PresenceMetrics],
  exports: [PresenceService, AdmissionLoad],
})
export class PresenceModule {}
