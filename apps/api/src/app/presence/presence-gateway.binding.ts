import { Injectable, OnModuleInit } from '@nestjs/common';
import { SessionEvents } from '../auth/session-events';
import { PlayGateway } from '../realtime/play.gateway';
import { PresenceService } from './presence.service';

/** English text for third-party clients and a code the PWA words in the player's language. */
const EJECT_NOTICES = {
  banned: { message: 'You have been banned from placing pixels.', code: 'BANNED' },
  'sessions-ended': { message: 'Your sessions were ended; sign in again.', code: 'SESSIONS_ENDED' },
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
    this.sessions.onEject((userId, reason) => this.presence.kick(userId, EJECT_NOTICES[reason].message, EJECT_NOTICES[reason].code));
  }
}
