import { Injectable, Logger } from '@nestjs/common';

/** Why a user is taken out of play by the auth side (bans, ended sessions). */
export type EjectReason = 'banned' | 'sessions-ended';

export type EjectListener = (userId: string, reason: EjectReason) => void;

/**
 * Users → presence notifications without a module cycle: presence subscribes at start-up
 * and drops the user from play and closes their sockets when auth ejects them.
 */
@Injectable()
export class SessionEvents {
  private readonly logger = new Logger(SessionEvents.name);
  private readonly listeners: EjectListener[] = [];

  onEject(listener: EjectListener): void {
    this.listeners.push(listener);
  }

  eject(userId: string, reason: EjectReason): void {
    for (const listener of this.listeners) {
      try {
        listener(userId, reason);
      } catch (error) {
        this.logger.error(`eject listener failed for ${userId}: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }
  }
}
