import { Injectable, OnModuleInit } from '@nestjs/common';
import { SessionEvents } from '../auth/session-events';
import { PlayGateway } from '../realtime/play.gateway';
import { PresenceService } from './presence.service';

const EJECT_MESSAGES = {
  banned: 'You have been banned from placing pixels.',
  'sessions-ended': 'Your sessions were ended; sign in again.',
} as const;

/** Plugs presence into the `/play` gateway and into auth's eject notifications. */
@Injectable()
export class PresenceGatewayBinding implements OnModuleInit {
  constructor(
    private readonly gateway: PlayGateway,
    private readonly presence: PresenceService,
    private readonly sessions: SessionEvents,
  ) {}

  onModuleInit(): void {
    this.gateway.setConnectionHandler({
      onConnect: (socket) => this.presence.connect(socket),
      onDisconnect: (socket) => this.presence.disconnect(socket),
    });
    this.presence.setSocketCounter(() => this.gateway.socketCount());
    this.sessions.onEject((userId, reason) => this.presence.kick(userId, EJECT_MESSAGES[reason]));
  }
}
