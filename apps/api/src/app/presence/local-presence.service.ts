import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { NoticeCode, PresenceView } from '@pixel-wars/protocol';
import { ExpiryScheduler, realTimers, TimerHost } from '../common/scheduling/expiry-scheduler';
import { ConfigurationService } from '../config/configuration.service';
import { chargePolicyOf } from '../common/charges';
import { playingView } from './playing-view';
import { AdmissionLoad } from '../queue/admission-load';
import { AdmissionQueue } from '../queue/admission-queue';
import { UsersService } from '../users/users.service';
import { notPlaying } from './not-playing';
import { PresenceService } from './presence.service';
import { PresenceCounts, PresenceSocket, Tracked } from './presence.types';
import { StatusCoalescer } from './status-coalescer';

/**
 * Presence of one process (no REDIS_URL). Every expiry (AFK of players, end of a stalled
 * queue place) runs off one timer in ExpiryScheduler; admission is FIFO, bounded by
 * MAX_PLAYERS and measured load. Every method is synchronous.
 */
export class LocalPresenceService extends PresenceService implements OnModuleDestroy {
  private readonly logger = new Logger('PresenceService');
  private readonly tracked = new Map<string, Tracked>();
  private readonly queue: AdmissionQueue<Tracked>;
  private readonly expiries: ExpiryScheduler<Tracked>;
  private readonly placementStatus: StatusCoalescer<Tracked>;
  private readonly hasRoom = () => this.playingCount < this.configuration.config.maxPlayers;
  private playingCount = 0;
  private stalledCount = 0;
  private socketCounter: () => number = () => this.tracked.size - this.stalledCount;

  constructor(
    private readonly configuration: ConfigurationService,
    private readonly users: UsersService,
    load: AdmissionLoad,
    private readonly timers: TimerHost = realTimers,
  ) {
    super();
    this.queue = new AdmissionQueue<Tracked>(load, this.timers, {
      admit: (entry) => this.startPlaying(entry),
      notifyPosition: (entry, position, queueLength) => {
        entry.sentPosition = position;
        entry.socket?.emit('status', { status: 'queued', position, queueLength });
      },
    });
    this.expiries = new ExpiryScheduler<Tracked>(
      (entry) => this.expire(entry),
      this.timers,
      (error) => this.logger.error(`expiry failed: ${error instanceof Error ? error.stack : String(error)}`),
    );
    this.placementStatus = new StatusCoalescer<Tracked>(this.timers, configuration.config.tickMs, (entry) => {
      if (this.tracked.get(entry.userId) === entry && entry.phase === 'playing') this.sendStatus(entry);
    });
  }

  /** Why admission is held back by measured load right now (null: it is not). */
  get loadPausedReason(): string | null {
    return this.queue.pausedReason;
  }

  private get afkAfterMs(): number {
    return this.configuration.config.afkAfterMs;
  }

  /** Armed expiry timers (0 or 1, whatever the number of players). */
  get armedExpiryTimers(): number {
    return this.expiries.armedTimers;
  }

  setSocketCounter(counter: () => number): void {
    this.socketCounter = counter;
  }

  // ---- sockets ---------------------------------------------------------------------

  /** A `/play` socket passed the handshake: the Play action, a restore, or a supersede. */
  connect(socket: PresenceSocket): void {
    const principal = socket.data.principal;
    if (!principal) {
      socket.disconnect(true);
      return;
    }
    if (this.users.isBanned(principal.userId)) {
      this.closeWith(socket, 'afk');
      return;
    }
    const existing = this.tracked.get(principal.userId);
    if (existing) {
      this.restore(existing, socket, principal.sessionNumber);
      return;
    }
    const entry: Tracked = {
      userId: principal.userId,
      phase: 'queued',
      socket,
      session: principal.sessionNumber,
      lastActionAt: 0,
      cooldownUntil: null,
      sentPosition: 0,
      deadline: Infinity,
      heapIndex: -1,
      statusDue: false,
    };
    this.tracked.set(entry.userId, entry);
    this.queue.enqueue(entry);
    this.admit();
    if (entry.phase === 'queued') this.sendStatus(entry);
  }

  /** The socket closed for any reason: a tracked user keeps the place for the AFK window. */
  disconnect(socket: PresenceSocket): void {
    const userId = socket.data.principal?.userId;
    const entry = userId === undefined ? undefined : this.tracked.get(userId);
    if (!entry || entry.socket !== socket) return;
    entry.socket = null;
    this.stalledCount++;
    if (entry.phase === 'queued') this.expiries.schedule(entry, this.timers.now() + this.afkAfterMs);
  }

  private restore(entry: Tracked, socket: PresenceSocket, session: number): void {
    if (session < entry.session) {
      this.totals.superseded++;
      this.closeWith(socket, 'superseded');
      return;
    }
    entry.session = session;
    const previous = entry.socket;
    entry.socket = socket;
    if (previous) {
      this.totals.superseded++;
      this.closeWith(previous, 'superseded');
    } else {
      this.stalledCount--;
      if (entry.phase === 'queued') this.expiries.cancel(entry);
    }
    entry.sentPosition = 0;
    if (entry.phase === 'playing') {
      this.sendStatus(entry);
      return;
    }
    this.admit();
    if (entry.phase === 'queued') this.sendStatus(entry);
  }

  // ---- game actions ----------------------------------------------------------------

  /** Throws 403 NOT_PLAYING (with `status`) unless the user holds a slot with a live socket. */
  assertCanPlace(userId: string): void {
    const entry = this.tracked.get(userId);
    if (entry?.phase === 'playing' && entry.socket) return;
    throw notPlaying(!entry ? 'afk' : entry.socket ? entry.phase : 'stalled');
  }

  /** An accepted pixel or undo: restarts the AFK window; the socket hears of it within one tick. */
  recordAction(userId: string, at: number, chargesFullAt: number): void {
    const entry = this.tracked.get(userId);
    if (!entry || entry.phase !== 'playing') return;
    entry.lastActionAt = Math.max(entry.lastActionAt, at);
    entry.cooldownUntil = chargesFullAt;
    this.expiries.schedule(entry, entry.lastActionAt + this.afkAfterMs);
    this.placementStatus.mark(entry);
  }

  /** Takes the user out of play (ban, ended sessions, admin): `notice`, `status: afk`, close. */
  kick(userId: string, reason: string, code?: NoticeCode): boolean {
    const entry = this.tracked.get(userId);
    if (!entry) return false;
    this.totals.kicks++;
    const socket = entry.socket;
    this.untrack(entry);
    if (socket) {
      socket.emit('notice', code ? { message: reason, code } : { message: reason });
      this.closeWith(socket, 'afk');
    }
    return true;
  }

  // ---- views -----------------------------------------------------------------------

  counts(): PresenceCounts {
    return { playing: this.playingCount, queued: this.queue.length, stalled: this.stalledCount, sockets: this.socketCounter() };
  }

  /** The user's presence as GET /api/me reports it (`stalled` while the socket is gone). */
  view(userId: string): PresenceView {
    const entry = this.tracked.get(userId);
    if (!entry) return { status: 'afk' };
    const view = this.viewOf(entry);
    if (!entry.socket) {
      view.status = 'stalled';
      view.afkAt = entry.deadline;
      // charges are reported to a playing user (they come back with the status on return)
      delete view.charges;
      delete view.nextChargeAt;
    }
    return view;
  }

  private viewOf(entry: Tracked): PresenceView {
    if (entry.phase === 'queued') {
      return { status: 'queued', position: this.queue.position(entry) ?? 0, queueLength: this.queue.length };
    }
    return playingView(entry.deadline, entry.cooldownUntil, this.timers.now(), chargePolicyOf(this.configuration.config));
  }

  private sendStatus(entry: Tracked): void {
    this.placementStatus.forget(entry);
    if (!entry.socket) return;
    const view = this.viewOf(entry);
    if (view.position !== undefined) entry.sentPosition = view.position;
    entry.socket.emit('status', view);
  }

  /** Emits the final status, then disconnects: the packet is flushed before the close. */
  private closeWith(socket: PresenceSocket, status: 'afk' | 'superseded'): void {
    socket.emit('status', { status });
    socket.disconnect(true);
  }

  // ---- admission -------------------------------------------------------------------

  private admit(): void {
    this.queue.admitWhile(this.hasRoom);
  }

  /** Called by the queue for each admitted entry: the admission is the first game action. */
  private startPlaying(entry: Tracked): void {
    entry.phase = 'playing';
    entry.lastActionAt = this.timers.now();
    this.playingCount++;
    this.totals.admissions++;
    this.expiries.schedule(entry, entry.lastActionAt + this.afkAfterMs);
    this.sendStatus(entry);
  }

  // ---- expiry ----------------------------------------------------------------------

  private expire(entry: Tracked): void {
    if (this.tracked.get(entry.userId) !== entry) return;
    const socket = entry.socket;
    if (entry.phase === 'playing') this.totals.afk++;
    else this.totals.queueExpiries++;
    this.untrack(entry);
    if (socket) this.closeWith(socket, 'afk');
  }

  /** Forgets the user (→ afk) and lets the next in line in. */
  private untrack(entry: Tracked): void {
    this.tracked.delete(entry.userId);
    this.expiries.cancel(entry);
    this.placementStatus.forget(entry);
    if (!entry.socket) this.stalledCount--;
    entry.socket = null;
    if (entry.phase === 'playing') {
      this.playingCount--;
      this.admit();
    } else {
      this.queue.remove(entry);
    }
  }

  onModuleDestroy(): void {
    this.placementStatus.stop();
    this.expiries.stop();
    this.queue.stop();
  }
}
