import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { SessionEvents } from '../users/session-events';
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
  private readonly logger = new Logger(PresenceGatewayBinding.name);

  constructor(
    private readonly gateway: PlayGateway,
    private readonly presence: PresenceService,
    private readonly sessions: SessionEvents,
  ) {}

  onModuleInit(): void {
    this.gateway.setConnectionHandler({
      onConnect: (socket) => this.settle('connect', this.presence.connect(socket)),
      onDisconnect: (socket) => this.settle('disconnect', this.presence.disconnect(socket)),
    });
    this.presence.setSocketCounter(() => this.gateway.socketCount());
    this.sessions.onEject((userId, reason) =>
      this.settle(`eject of ${userId}`, this.presence.kick(userId, EJECT_NOTICES[reason].message, EJECT_NOTICES[reason].code)),
    );
  }

  /** With Redis these are promises nobody awaits: a failure is logged, never an unhandled rejection. */
  private settle(what: string, result: unknown): void {
    if (result instanceof Promise) {
      result.catch((error: unknown) => this.logger.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
}
