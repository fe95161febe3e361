import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { NoticeCode, PresenceView } from '@pixel-wars/protocol';
import { ClusterBus } from '../../cluster/cluster-bus';
import { defineScript, orUnavailable, RedisScript } from '../../cluster/redis-script';
import { RedisService } from '../../cluster/redis.service';
import { realTimers, TimerHost } from '../../common/scheduling/expiry-scheduler';
import { ConfigurationService } from '../../config/configuration.service';
import { chargePolicyOf } from '../../common/charges';
import { playingView } from '../playing-view';
import { AdmissionLoad } from '../../queue/admission-load';
import { QUEUE_STATUS_INTERVAL_MS } from '../../queue/admission-queue';
import { UsersService } from '../../users/users.service';
import { notPlaying } from '../not-playing';
import { PresenceService } from '../presence.service';
import { PresenceCounts, PresenceSocket } from '../presence.types';
import { StatusCoalescer } from '../status-coalescer';
import { CONNECT, DISCONNECT, KICK, POSITIONS, RECORD_ACTION, TICK, VIEW } from './presence.scripts';

/** One event for one socket: socket id, kind (see presence.scripts.ts), a, b, version, kick reason and notice code. */
type SocketEvent = [socket: string, kind: string, a: number, b: number, version: number, reason?: string, code?: NoticeCode];

declare module '../../cluster/cluster-bus' {
  interface ClusterMessages {
    /** Status changes for sockets held by the receiving instance. */
    'presence.sockets': { events: SocketEvent[] };
  }
}

export interface RedisPresenceTiming {
  /** The periodic step (heartbeat, reaper, expiry, admission, counts) runs at least this often. */
  tickMs: number;
  /** An instance whose heartbeat is older than this is dead: its users become stalled. */
  heartbeatTtlMs: number;
}

export const DEFAULT_REDIS_PRESENCE_TIMING: RedisPresenceTiming = { tickMs: 1000, heartbeatTtlMs: 5000 };

const EXPIRE_BATCH = 500;
/**
 * Every instance chases the earliest deadline it learns of (any instance may fire it); ticks
 * are at least this far apart, so with many players a burst of deadlines costs each
 * instance at most 1000 / MIN_TICK_GAP_MS scripts per second, and a deadline fires at most
 * this much late.
 */
const MIN_TICK_GAP_MS = 50;
const KEYS = ['presence:', 'instance:', 'load:', 'cooldown:'] as const;

/** A socket held by this instance. */
interface LocalSocket {
  readonly socket: PresenceSocket;
  readonly userId: string;
  readonly session: number;
  phase: 'pending' | 'queued' | 'playing';
  /** Last queue position sent (0: none). */
  sentPosition: number;
  /** Highest state version applied (events carrying an older one are stale). */
  version: number;
  /** True once Redis no longer points at this socket (closed by an event): its disconnect needs no script. */
  forgotten: boolean;
  /** False while its registration failed (Redis unreachable): retried on every tick. */
  registered: boolean;
  /** A placement status is waiting for the next tick (StatusCoalescer). */
  statusDue: boolean;
  /** Connect, then disconnect, in order. */
  chain: Promise<void>;
  /** The latest placement state (R event) waiting for the next flush, or null. */
  placed: { afkAt: number; chargesFullAt: number } | null;
}

/**
 * Presence shared by every instance through Redis (docs/protocol.md 7): every transition is one
 * Lua script (presence.scripts.ts), so status, FIFO positions, afkAt, stalled/restore and
 * supersede hold across instances and MAX_PLAYERS counts all of them. A script returns
 * which sockets must hear what; this instance emits to its own and sends the rest through
 * the ClusterBus to the instances that hold them.
 *
 * One timer per instance, armed for the earliest deadline it knows of and never more than
 * `tickMs` ahead; the tick script removes due deadlines atomically, so each fires exactly
 * once whichever instance gets there first. The tick also refreshes this instance's
 * heartbeat and load flag and reaps dead instances (their users become stalled). When
 * this instance's heartbeat had lapsed (Redis restarted or this instance was cut off),
 * its live sockets register again.
 */
export class RedisPresenceService extends PresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('PresenceService');
  private readonly sockets = new Map<string, LocalSocket>();
  private readonly instanceId: string;
  private readonly script: Record<'connect' | 'disconnect' | 'recordAction' | 'kick' | 'tick' | 'positions' | 'view', RedisScript>;
  private socketCounter: () => number = () => this.sockets.size;
  private global = { playing: 0, queued: 0, stalled: 0 };
  private pausedReason: string | null = null;
  private timer: unknown = null;
  private armedFor = Infinity;
  private ticking: Promise<void> | null = null;
  private lastTickAt = -Infinity;
  private tickAgain = false;
  private positionTimer: unknown = null;
  private positionsRev = -1;
  private stopped = false;
  /** Placement statuses (R events): at most one per socket per TICK_MS. */
  private readonly placementStatus: StatusCoalescer<LocalSocket>;
  /** Disconnects that could not reach Redis: retried on every tick. */
  private readonly lostDisconnects: Array<{ userId: string; socketId: string }> = [];

  constructor(
    private readonly redis: RedisService,
    private readonly bus: ClusterBus,
    private readonly configuration: ConfigurationService,
    private readonly users: UsersService,
    private readonly load: AdmissionLoad,
    private readonly timers: TimerHost = realTimers,
    private readonly timing: RedisPresenceTiming = DEFAULT_REDIS_PRESENCE_TIMING,
  ) {
    super();
    this.instanceId = bus.instanceId;
    const define = (name: string, lua: string) => defineScript(redis.client, `pwPresence${name}`, KEYS.length, lua);
    this.script = {
      connect: define('Connect', CONNECT),
      disconnect: define('Disconnect', DISCONNECT),
      recordAction: define('RecordAction', RECORD_ACTION),
      kick: define('Kick', KICK),
      tick: define('Tick', TICK),
      positions: define('Positions', POSITIONS),
      view: define('View', VIEW),
    };
    bus.on('presence.sockets', ({ events }) => this.applyEvents(events));
    this.placementStatus = new StatusCoalescer<LocalSocket>(this.timers, configuration.config.tickMs, (local) => {
      const placed = local.placed;
      local.placed = null;
      if (!placed || local.forgotten || this.sockets.get(local.socket.id) !== local) return;
      local.socket.emit('status', playingView(placed.afkAt, placed.chargesFullAt || null, this.timers.now(), chargePolicyOf(this.configuration.config)));
    });
  }

  async onModuleInit(): Promise<void> {
    await this.tick();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.placementStatus.stop();
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    if (this.positionTimer !== null) this.timers.clearTimeout(this.positionTimer);
    this.timer = null;
    this.positionTimer = null;
  }

  get loadPausedReason(): string | null {
    return this.pausedReason;
  }

  get armedExpiryTimers(): number {
    return this.timer === null ? 0 : 1;
  }

  setSocketCounter(counter: () => number): void {
    this.socketCounter = counter;
  }

  counts(): PresenceCounts {
    return { ...this.global, sockets: this.socketCounter() };
  }

  private get afkAfterMs(): number {
    return this.configuration.config.afkAfterMs;
  }

  private get maxPlayers(): number {
    return this.configuration.config.maxPlayers;
  }

  /** '1' while this instance's measured load holds admission back (its queued sockets are skipped). */
  private overloaded(): '0' | '1' {
    const verdict = this.load.verdict();
    const reason = verdict.overloaded ? verdict.reason : null;
    if (reason !== null && this.pausedReason === null) this.logger.warn(`admission paused on this instance: ${reason}`);
    if (reason === null && this.pausedReason !== null) this.logger.log('admission resumed on this instance');
    this.pausedReason = reason;
    return reason === null ? '0' : '1';
  }

  // ---- sockets ---------------------------------------------------------------------

  connect(socket: PresenceSocket): Promise<void> {
    const principal = socket.data.principal;
    if (!principal) {
      socket.disconnect(true);
      return Promise.resolve();
    }
    if (this.users.isBanned(principal.userId)) {
      this.close(socket, 'afk');
      return Promise.resolve();
    }
    const local: LocalSocket = {
      socket,
      userId: principal.userId,
      session: principal.sessionNumber,
      phase: 'pending',
      sentPosition: 0,
      version: 0,
      forgotten: false,
      statusDue: false,
      registered: false,
      chain: Promise.resolve(),
      placed: null,
    };
    this.sockets.set(socket.id, local);
    local.chain = this.register(local, false);
    return local.chain;
  }

  /**
   * Runs the connect script for a local socket; on failure it stays open and is retried by
   * the tick. Registering `again` (a socket Redis knew before it lost or dropped the state)
   * never supersedes a live socket elsewhere: the user moved on meanwhile.
   */
  private async register(local: LocalSocket, again: boolean): Promise<void> {
    if (this.sockets.get(local.socket.id) !== local) return;
    try {
      const reply = (await this.script.connect(KEYS, [
        local.userId,
        local.session,
        this.instanceId,
        local.socket.id,
        this.timers.now(),
        this.afkAfterMs,
        this.maxPlayers,
        this.overloaded(),
        again ? '1' : '0',
      ])) as Array<string | number>;
      local.registered = true;
      // after a lost state the versions start again: what this reply says is current
      if (again) local.version = 0;
      this.totals.admissions += Number(reply[0]);
      this.totals.superseded += Number(reply[1]);
      this.armFor(Number(reply[2]));
      this.deliver(reply, 3);
    } catch (error) {
      this.logger.warn(`could not register socket ${local.socket.id} of ${local.userId} (retrying): ${(error as Error).message}`);
    }
  }

  disconnect(socket: PresenceSocket): Promise<void> {
    const local = this.sockets.get(socket.id);
    if (!local || local.socket !== socket) return Promise.resolve();
    this.sockets.delete(socket.id);
    local.chain = local.chain.then(() => this.unregister(local));
    return local.chain;
  }

  /** Also for a socket whose registration seemed to fail: a timed-out script may still have run (the script is a compare-and-set). */
  private async unregister(local: LocalSocket): Promise<void> {
    if (local.forgotten) return;
    try {
      await this.runDisconnect(local.userId, local.socket.id);
    } catch (error) {
      this.logger.warn(`could not mark ${local.userId} stalled (retrying): ${(error as Error).message}`);
      this.lostDisconnects.push({ userId: local.userId, socketId: local.socket.id });
    }
  }

  private async runDisconnect(userId: string, socketId: string): Promise<void> {
    const reply = (await this.script.disconnect(KEYS, [userId, this.instanceId, socketId, this.timers.now(), this.afkAfterMs])) as number[];
    this.armFor(Number(reply[1]));
  }

  // ---- game actions ----------------------------------------------------------------

  async assertCanPlace(userId: string): Promise<void> {
    const [phase, socket] = await orUnavailable(this.presenceHash(userId));
    if (phase === 'p' && socket) return;
    throw notPlaying(phase === null ? 'afk' : !socket ? 'stalled' : phase === 'p' ? 'playing' : 'queued');
  }

  private presenceHash(userId: string): Promise<Array<string | null>> {
    return this.redis.client.hmget(`presence:u:${userId}`, 'ph', 'so');
  }

  async recordAction(userId: string, at: number, chargesFullAt: number): Promise<void> {
    const reply = (await orUnavailable(this.script.recordAction(KEYS, [userId, at, chargesFullAt, this.afkAfterMs]))) as Array<string | number>;
    this.deliver(reply, 0);
  }

  async kick(userId: string, reason: string, code?: NoticeCode): Promise<boolean> {
    const reply = (await orUnavailable(
      this.script.kick(KEYS, [userId, this.timers.now(), this.afkAfterMs, this.maxPlayers, this.instanceId, this.overloaded()]),
    )) as Array<string | number>;
    if (Number(reply[0]) === 0) return false;
    this.totals.kicks++;
    this.totals.admissions += Number(reply[1]);
    this.deliver(reply, 2, reason, code);
    return true;
  }

  async view(userId: string): Promise<PresenceView> {
    const reply = (await orUnavailable(this.script.view(KEYS, [userId]))) as Array<string | number>;
    if (reply.length === 0) return { status: 'afk' };
    const [phase, live, deadline, cooldownUntil, position, queueLength] = reply;
    const view: PresenceView =
      phase === 'q'
        ? { status: 'queued', position: Number(position), queueLength: Number(queueLength) }
        : playingView(Number(deadline), Number(cooldownUntil) || null, this.timers.now(), chargePolicyOf(this.configuration.config));
    if (Number(live) === 0) {
      view.status = 'stalled';
      view.afkAt = Number(deadline);
      // charges are reported to a playing user (they come back with the status on return)
      delete view.charges;
      delete view.nextChargeAt;
    }
    return view;
  }

  // ---- delivery --------------------------------------------------------------------

  /** Emits the events of a script reply (from `offset`) to local sockets; the rest go through the bus. */
  private deliver(reply: Array<string | number>, offset: number, reason?: string, code?: NoticeCode): void {
    let remote: Map<string, SocketEvent[]> | null = null;
    const here: SocketEvent[] = [];
    for (let i = offset; i + 5 < reply.length; i += 6) {
      const event: SocketEvent = [String(reply[i + 1]), String(reply[i + 2]), Number(reply[i + 3]), Number(reply[i + 4]), Number(reply[i + 5])];
      if (event[1] === 'K' && reason !== undefined) event.push(reason, ...(code ? [code] : []));
      const instance = String(reply[i]);
      if (instance === this.instanceId) {
        here.push(event);
      } else {
        remote ??= new Map();
        const list = remote.get(instance) ?? [];
        list.push(event);
        remote.set(instance, list);
      }
    }
    this.applyEvents(here);
    for (const [instance, events] of remote ?? []) {
      this.bus.sendTo(instance, 'presence.sockets', { events }).catch((error: unknown) => {
        this.logger.warn(`could not reach instance ${instance}: ${(error as Error).message}`);
      });
    }
  }

  private applyEvents(events: SocketEvent[]): void {
    for (const [socketId, kind, a, b, version, reason, code] of events) {
      const local = this.sockets.get(socketId);
      if (!local) continue;
      if (kind === 'R') {
        if (version < local.version) continue;
        local.version = version;
        local.phase = 'playing';
        local.placed = { afkAt: a, chargesFullAt: b };
        this.placementStatus.mark(local);
        continue;
      }
      local.placed = null; // any other event is newer than a pending placement status
      switch (kind) {
        case 'P':
        case 'Q':
          if (version < local.version) break;
          local.version = version;
          if (kind === 'P') {
            local.phase = 'playing';
            local.socket.emit('status', playingView(a, b || null, this.timers.now(), chargePolicyOf(this.configuration.config)));
          } else {
            local.phase = 'queued';
            local.sentPosition = a;
            local.socket.emit('status', { status: 'queued', position: a, queueLength: b });
            this.schedulePositions();
          }
          break;
        case 'K':
          local.socket.emit('notice', { message: reason ?? 'You were taken out of play.', ...(code ? { code } : {}) });
          this.forget(local, 'afk');
          break;
        case 'A':
          this.forget(local, 'afk');
          break;
        case 'S':
          this.forget(local, 'superseded');
          break;
      }
    }
  }

  /** Redis no longer points at this socket: final status, then close (its disconnect runs no script). */
  private forget(local: LocalSocket, status: 'afk' | 'superseded'): void {
    local.forgotten = true;
    this.sockets.delete(local.socket.id);
    this.close(local.socket, status);
  }

  /** Emits the final status, then disconnects: the packet is flushed before the close. */
  private close(socket: PresenceSocket, status: 'afk' | 'superseded'): void {
    socket.emit('status', { status });
    socket.disconnect(true);
  }

  // ---- queue positions -------------------------------------------------------------

  private schedulePositions(): void {
    if (this.positionTimer !== null || this.stopped) return;
    this.positionTimer = this.timers.setTimeout(() => {
      this.positionTimer = null;
      void this.pushPositions();
    }, QUEUE_STATUS_INTERVAL_MS);
  }

  /** Tells this instance's queued sockets their new position when the queue lost entries. */
  private async pushPositions(): Promise<void> {
    const queued = [...this.sockets.values()].filter((s) => s.phase === 'queued');
    if (queued.length === 0) return;
    try {
      const reply = (await this.script.positions(KEYS, [this.positionsRev, ...queued.map((s) => s.userId)])) as number[];
      this.positionsRev = Number(reply[0]);
      if (reply.length > 1) {
        const queueLength = Number(reply[1]);
        queued.forEach((local, i) => {
          const position = Number(reply[i + 2]);
          if (position > 0 && local.phase === 'queued' && this.sockets.get(local.socket.id) === local && local.sentPosition !== position) {
            local.sentPosition = position;
            local.socket.emit('status', { status: 'queued', position, queueLength });
          }
        });
      }
    } catch (error) {
      this.logger.warn(`queue positions: ${(error as Error).message}`);
    }
    this.schedulePositions();
  }

  // ---- the tick --------------------------------------------------------------------

  /** Arms the one timer for `deadline` (−1: none) if that is earlier than what it is armed for. */
  private armFor(deadline: number): void {
    if (this.stopped) return;
    const now = this.timers.now();
    const at = Math.max(Math.min(deadline < 0 ? Infinity : deadline, now + this.timing.tickMs), this.lastTickAt + MIN_TICK_GAP_MS);
    if (this.timer !== null && this.armedFor <= at) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = null;
        this.armedFor = Infinity;
        void this.tick();
      },
      Math.max(0, at - now),
    );
  }

  /** One tick at a time; a tick asked for meanwhile runs right after. */
  tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return this.ticking;
    }
    this.ticking = this.runTick().finally(() => {
      this.ticking = null;
      if (this.tickAgain && !this.stopped) {
        this.tickAgain = false;
        void this.tick();
      }
    });
    return this.ticking;
  }

  private async runTick(): Promise<void> {
    let next = -1;
    try {
      const now = this.timers.now();
      this.lastTickAt = now;
      const reply = (await this.script.tick(KEYS, [
        this.instanceId,
        now,
        this.afkAfterMs,
        this.maxPlayers,
        this.overloaded(),
        this.timing.heartbeatTtlMs,
        EXPIRE_BATCH,
      ])) as Array<string | number>;
      const [resync, reaped, afk, queueExpired, admitted, playing, queued, stalled, nextDeadline] = reply.map(Number);
      if (reaped > 0) this.logger.warn(`${reaped} users of dead instances are now stalled`);
      this.totals.afk += afk;
      this.totals.queueExpiries += queueExpired;
      this.totals.admissions += admitted;
      this.global = { playing, queued, stalled };
      next = afk + queueExpired >= EXPIRE_BATCH ? now : nextDeadline;
      this.deliver(reply, 9);
      await this.retryLost(resync === 1);
    } catch (error) {
      this.logger.warn(`presence tick failed: ${(error as Error).message}`);
    }
    this.armFor(next);
  }

  /** Replays what could not reach Redis; with `all`, every local socket registers again. */
  private async retryLost(all: boolean): Promise<void> {
    for (const lost of this.lostDisconnects.splice(0)) {
      await this.runDisconnect(lost.userId, lost.socketId).catch(() => this.lostDisconnects.push(lost));
    }
    for (const local of this.sockets.values()) {
      if (all || !local.registered) local.chain = local.chain.then(() => this.register(local, local.registered));
    }
  }
}
