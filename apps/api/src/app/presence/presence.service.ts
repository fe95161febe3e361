import type { NoticeCode, PresenceView } from '@pixel-wars/protocol';
import { PresenceCounts, PresenceSocket, PresenceTotals } from './presence.types';

/**
 * Per-user play state (docs/protocol.md 4–5): `afk → queued → playing → afk`, stalled while
 * the socket is gone, superseded by a newer session; admission FIFO bounded by
 * MAX_PLAYERS and measured load; one timer for every expiry. Guests and AFK users are
 * not tracked.
 *
 * Two implementations: LocalPresenceService keeps everything in this process (one
 * instance); RedisPresenceService keeps it in Redis so it is global across instances
 * (REDIS_URL). Methods that may reach Redis return a promise there: always `await` them.
 * Redis being unreachable surfaces as 503 STORAGE_UNAVAILABLE.
 */
export abstract class PresenceService {
  /** Totals for the metrics (counted by this instance). */
  readonly totals: PresenceTotals = { admissions: 0, afk: 0, queueExpiries: 0, superseded: 0, kicks: 0 };

  /** Why admission is held back by this instance's measured load right now (null: it is not). */
  abstract get loadPausedReason(): string | null;

  /** Armed expiry timers of this instance (0 or 1, whatever the number of players). */
  abstract get armedExpiryTimers(): number;

  /** Where `counts().sockets` comes from (the gateway's socket count). */
  abstract setSocketCounter(counter: () => number): void;

  /** A `/play` socket passed the handshake: the Play action, a restore, or a supersede. */
  abstract connect(socket: PresenceSocket): void | Promise<void>;

  /** The socket closed for any reason: a tracked user keeps the place for the AFK window. */
  abstract disconnect(socket: PresenceSocket): void | Promise<void>;

  /** Throws 403 NOT_PLAYING (with `status`) unless the user holds a slot with a live socket. */
  abstract assertCanPlace(userId: string): void | Promise<void>;

  /**
   * An accepted pixel (or an undo): restarts the AFK window, keeps the user's charges
   * (`chargesFullAt`, see common/charges.ts) and tells the user's socket (wherever it is).
   */
  abstract recordAction(userId: string, at: number, chargesFullAt: number): void | Promise<void>;

  /** Takes the user out of play (ban, ended sessions, admin): `notice`, `status: afk`, close. */
  abstract kick(userId: string, reason: string, code?: NoticeCode): boolean | Promise<boolean>;

  /** Playing / queued / stalled users (of the whole game) and this instance's open sockets. */
  abstract counts(): PresenceCounts;

  /** The user's presence as GET /api/me reports it (`stalled` while the socket is gone). */
  abstract view(userId: string): PresenceView | Promise<PresenceView>;
}
