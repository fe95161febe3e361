import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import type { PresenceStatus, PresenceView } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';
import { AdmissionLoad } from '../queue/admission-load';
import { FifoQueue } from '../queue/fifo-queue';
import { UsersService } from '../users/users.service';
import { ExpiryScheduler, realTimers, TimerHost } from './expiry-scheduler';
import { PlaySocket, PresenceCounts, Tracked } from './presence.types';

export const PRESENCE_TIMERS = Symbol('PRESENCE_TIMERS');

/** Queue positions are pushed at most this often, so a long queue does not flood. */
export const QUEUE_STATUS_INTERVAL_MS = 500;
/** While the load signal holds admission back, it is read again this often. */
export const LOAD_RECHECK_MS = 1000;

/**
 * Per-user play state (PROTOCOL.md 4–5): `afk → queued → playing → afk`, stalled while
 * the socket is gone, superseded by a newer session. Guests and AFK users are not
 * tracked. Every expiry (AFK of players, end of a stalled queue place) runs off one
 * timer in ExpiryScheduler; admission is FIFO, bounded by MAX_PLAYERS and measured load.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  private readonly logger = new Logger(PresenceService.name);
  private readonly tracked = new Map<string, Tracked>();
  private readonly queue = new FifoQueue<Tracked>();
  private readonly expiries: ExpiryScheduler<Tracked>;
  private playingCount = 0;
  private stalledCount = 0;
  private positionTimer: unknown = null;
  private lastPositionFlush = -Infinity;
  private loadTimer: unknown = null;
  private admitting = false;
  private socketCounter: () => number = () => this.tracked.size - this.stalledCount;

  /** Totals for the metrics. */
  readonly totals = { admissions: 0, afk: 0, queueExpiries: 0, superseded: 0, kicks: 0 };
  /** Why admission is held back by load right now (null: it is not). */
  loadPausedReason: string | null = null;

  constructor(
    private readonly configuration: ConfigurationService,
    private readonly users: UsersService,
    private readonly load: AdmissionLoad,
    @Optional() @Inject(PRESENCE_TIMERS) private readonly timers: TimerHost = realTimers,
  ) {
    this.expiries = new ExpiryScheduler<Tracked>(
      (entry) => this.expire(entry),
      this.timers,
      (error) => this.logger.error(`expiry failed: ${error instanceof Error ? error.stack : String(error)}`),
    );
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
  connect(socket: PlaySocket): void {
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
    };
    this.tracked.set(entry.userId, entry);
    this.queue.enqueue(entry);
    this.admit();
    if (entry.phase === 'queued') this.sendStatus(entry);
  }

  /** The socket closed for any reason: a tracked user keeps the place for the AFK window. */
  disconnect(socket: PlaySocket): void {
    const userId = socket.data.principal?.userId;
    const entry = userId === undefined ? undefined : this.tracked.get(userId);
    if (!entry || entry.socket !== socket) return;
    entry.socket = null;
    this.stalledCount++;
    if (entry.phase === 'queued') this.expiries.schedule(entry, this.timers.now() + this.afkAfterMs);
  }

  private restore(entry: Tracked, socket: PlaySocket, session: number): void {
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
    const status: PresenceStatus = !entry ? 'afk' : entry.socket ? entry.phase : 'stalled';
    const message =
      status === 'queued'
        ? 'You are in the queue; wait for a free slot.'
        : status === 'stalled'
          ? 'Your connection dropped; reconnect to keep playing.'
          : 'Press Play first: you are not playing.';
    throw new ApiError(403, 'NOT_PLAYING', message, { status });
  }

  /** An accepted pixel: counts it, restarts the AFK window and tells the socket. */
  recordAction(userId: string, at: number, cooldownUntil: number): void {
    this.users.notePixelPlaced(userId, at);
    const entry = this.tracked.get(userId);
    if (!entry || entry.phase !== 'playing') return;
    entry.lastActionAt = Math.max(entry.lastActionAt, at);
    entry.cooldownUntil = cooldownUntil;
    this.expiries.schedule(entry, entry.lastActionAt + this.afkAfterMs);
    this.sendStatus(entry);
  }

  /** Takes the user out of play (ban, ended sessions, admin): `notice`, `status: afk`, close. */
  kick(userId: string, reason: string): boolean {
    const entry = this.tracked.get(userId);
    if (!entry) return false;
    this.totals.kicks++;
    const socket = entry.socket;
    this.untrack(entry);
    if (socket) {
      socket.emit('notice', { message: reason });
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
    }
    return view;
  }

  private viewOf(entry: Tracked): PresenceView {
    if (entry.phase === 'queued') {
      return { status: 'queued', position: this.queue.position(entry) ?? 0, queueLength: this.queue.length };
    }
    const view: PresenceView = { status: 'playing', afkAt: entry.deadline };
    if (entry.cooldownUntil !== null && entry.cooldownUntil > this.timers.now()) view.cooldownUntil = entry.cooldownUntil;
    return view;
  }

  private sendStatus(entry: Tracked): void {
    if (!entry.socket) return;
    const view = this.viewOf(entry);
    if (view.position !== undefined) entry.sentPosition = view.position;
    entry.socket.emit('status', view);
  }

  /** Emits the final status, then disconnects: the packet is flushed before the close. */
  private closeWith(socket: PlaySocket, status: 'afk' | 'superseded'): void {
    socket.emit('status', { status });
    socket.disconnect(true);
  }

  // ---- admission -------------------------------------------------------------------

  /** Admits queued users with a live socket, in order, while slots and load allow. */
  admit(): void {
    if (this.admitting) return;
    this.admitting = true;
    let admitted = 0;
    let overloaded: string | null = null;
    try {
      const maxPlayers = this.configuration.config.maxPlayers;
      for (const entry of this.queue.keys()) {
        if (this.playingCount >= maxPlayers) break;
        if (!entry.socket) continue;
        const verdict = this.load.verdict();
        if (verdict.overloaded) {
          overloaded = verdict.reason;
          break;
        }
        this.queue.remove(entry);
        entry.phase = 'playing';
        entry.lastActionAt = this.timers.now();
        this.playingCount++;
        this.totals.admissions++;
        this.expiries.schedule(entry, entry.lastActionAt + this.afkAfterMs);
        this.sendStatus(entry);
        admitted++;
      }
    } finally {
      this.admitting = false;
    }
    this.setLoadPause(overloaded);
    if (admitted > 0 && this.queue.length > 0) this.schedulePositionFlush();
  }

  /** While load holds the queue back, admission is retried every LOAD_RECHECK_MS. */
  private setLoadPause(reason: string | null): void {
    if (reason === null) {
      if (this.loadPausedReason !== null) this.logger.log('admission resumed');
      this.loadPausedReason = null;
      return;
    }
    if (this.loadPausedReason === null) this.logger.warn(`admission paused: ${reason}`);
    this.loadPausedReason = reason;
    if (this.loadTimer !== null) return;
    this.loadTimer = this.timers.setTimeout(() => {
      this.loadTimer = null;
      this.admit();
    }, LOAD_RECHECK_MS);
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
    if (!entry.socket) this.stalledCount--;
    entry.socket = null;
    if (entry.phase === 'playing') {
      this.playingCount--;
      this.admit();
    } else if (this.queue.remove(entry)) {
      this.schedulePositionFlush();
    }
  }

  private schedulePositionFlush(): void {
    if (this.positionTimer !== null) return;
    const delay = Math.max(0, this.lastPositionFlush + QUEUE_STATUS_INTERVAL_MS - this.timers.now());
    this.positionTimer = this.timers.setTimeout(() => this.flushPositions(), delay);
  }

  /** Sends `status: queued` to every live queued socket whose position changed. */
  private flushPositions(): void {
    this.positionTimer = null;
    this.lastPositionFlush = this.timers.now();
    const queueLength = this.queue.length;
    let position = 0;
    for (const entry of this.queue.keys()) {
      position++;
      if (entry.socket && entry.sentPosition !== position) {
        entry.sentPosition = position;
        entry.socket.emit('status', { status: 'queued', position, queueLength });
      }
    }
  }

  onModuleDestroy(): void {
    this.expiries.stop();
    if (this.positionTimer !== null) this.timers.clearTimeout(this.positionTimer);
    if (this.loadTimer !== null) this.timers.clearTimeout(this.loadTimer);
    this.positionTimer = null;
    this.loadTimer = null;
  }
}
