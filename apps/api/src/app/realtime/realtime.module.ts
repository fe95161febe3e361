import { Module } from '@nestjs/common';
import { PlayGateway } from './play.gateway';
import { SocketAdmission } from './socket-admission';

@Module({
  providers: [PlayGateway, SocketAdmission],
  exports: [PlayGateway, SocketAdmission],
})
export class RealtimeModule {}
