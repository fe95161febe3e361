import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StatusEvent } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { AdmissionLoad, LoadVerdict } from '../queue/admission-load';
import { UsersService } from '../users/users.service';
import { TimerHost } from '../common/scheduling/expiry-scheduler';
import { LOAD_RECHECK_MS, QUEUE_STATUS_INTERVAL_MS } from '../queue/admission-queue';
import { LocalPresenceService } from './local-presence.service';
import { PresenceSocket } from './presence.types';

const AFK = 1000;
/** TICK_MS default: placement statuses are sent at most once per tick. */
const TICK = 50;

/** Records what presence does to a socket; closing it reports the disconnect like the gateway does. */
class FakeSocket implements PresenceSocket {
  static nextId = 0;
  readonly id = `s${FakeSocket.nextId++}`;
  readonly log: Array<StatusEvent | { notice: string } | 'closed'> = [];
  closed = false;

  constructor(
    readonly data: PresenceSocket['data'],
    private readonly presence: () => LocalPresenceService,
  ) {}

  emit(event: 'status' | 'notice', payload: unknown): boolean {
    if (this.closed) throw new Error(`emit after close on ${this.id}`);
    this.log.push(event === 'status' ? (payload as StatusEvent) : { notice: (payload as { message: string }).message });
    return true;
  }

  disconnect(): this {
    if (this.closed) return this;
    this.closed = true;
    this.log.push('closed');
    this.presence().disconnect(this);
    return this;
  }

  /** The client side dropping (network, reload). */
  drop(): void {
    this.closed = true;
    this.presence().disconnect(this);
  }

  get statuses(): StatusEvent[] {
    return this.log.filter((e): e is StatusEvent => typeof e === 'object' && 'status' in e);
  }

  get last(): StatusEvent | undefined {
    return this.statuses.at(-1);
  }
}

describe('LocalPresenceService', () => {
  let presence: LocalPresenceService;
  let verdict: LoadVerdict;
  let banned: Set<string>;
  let maxPlayers: number;

  const timers: TimerHost = {
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };

  function build(max: number): LocalPresenceService {
    maxPlayers = max;
    const config = loadAppConfig({ AFK_AFTER_MS: String(AFK), MAX_PLAYERS: String(max), DATA_DIR: '/tmp/unused-presence-spec' });
    const users = { isBanned: (id: string) => banned.has(id) } as unknown as UsersService;
    const load = { verdict: () => verdict } as unknown as AdmissionLoad;
    return new LocalPresenceService(new ConfigurationService(config), users, load, timers);
  }

  function open(userId: string, session = 1): FakeSocket {
    const socket = new FakeSocket({ principal: { userId, sessionNumber: session, role: 'player', name: userId, email: `${userId}@x` } }, () => presence);
    presence.connect(socket);
    return socket;
  }

  function placeError(userId: string): ApiError {
    try {
      presence.assertCanPlace(userId);
    } catch (error) {
      return error as ApiError;
    }
    throw new Error('expected NOT_PLAYING');
  }

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    verdict = { overloaded: false };
    banned = new Set();
    presence = build(2);
  });
  afterEach(() => {
    presence.onModuleDestroy();
    vi.useRealTimers();
  });

  it('admits at once when there is room: only `playing` is sent, with afkAt', () => {
    const a = open('a');
    expect(a.statuses).toEqual([{ status: 'playing', afkAt: Date.now() + AFK, charges: 1 }]);
    expect(() => presence.assertCanPlace('a')).not.toThrow();
    expect(presence.counts()).toMatchObject({ playing: 1, queued: 0, stalled: 0 });
  });

  it('queues beyond MAX_PLAYERS in arrival order; queued users may not place', () => {
    open('a');
    open('b');
    const c = open('c');
    const d = open('d');
    expect(c.last).toEqual({ status: 'queued', position: 1, queueLength: 1 });
    expect(d.last).toEqual({ status: 'queued', position: 2, queueLength: 2 });
    const error = placeError('c');
    expect(error.getStatus()).toBe(403);
    expect(error.getResponse()).toMatchObject({ code: 'NOT_PLAYING', status: 'queued' });
    expect(placeError('nobody').getResponse()).toMatchObject({ status: 'afk' });
    expect(presence.view('d')).toEqual({ status: 'queued', position: 2, queueLength: 2 });
  });

  it('AFK: sends `afk` before closing, forgets the player and admits the next in line', () => {
    const a = open('a');
    vi.advanceTimersByTime(400);
    const b = open('b');
    const c = open('c');
    vi.advanceTimersByTime(AFK - 400 - 1);
    expect(a.closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(a.log.slice(-2)).toEqual([{ status: 'afk' }, 'closed']);
    expect(presence.view('a')).toEqual({ status: 'afk' });
    expect(c.last).toEqual({ status: 'playing', afkAt: Date.now() + AFK, charges: 1 });
    expect(b.closed).toBe(false);
    expect(presence.totals).toMatchObject({ afk: 1, admissions: 3 });
  });

  it('an accepted pixel restarts the AFK window and reports the cooldown', () => {
    const a = open('a');
    vi.advanceTimersByTime(600);
    const placedAt = Date.now();
    presence.recordAction('a', placedAt, placedAt + 5000);
    vi.advanceTimersByTime(TICK);
    expect(a.last).toEqual({ status: 'playing', afkAt: placedAt + AFK, charges: 0, nextChargeAt: placedAt + 5000, cooldownUntil: placedAt + 5000 });
    vi.advanceTimersByTime(AFK - TICK - 1);
    expect(a.closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(a.closed).toBe(true);
  });

  it('placements within one tick cost the placing socket one status, the latest, a tick later at most', () => {
    const a = open('a');
    const before = a.statuses.length;
    vi.advanceTimersByTime(100);
    for (let i = 0; i < 5; i++) {
      presence.recordAction('a', Date.now(), Date.now() + 300);
      vi.advanceTimersByTime(5);
    }
    expect(a.statuses.length).toBe(before);
    vi.advanceTimersByTime(TICK - 25);
    expect(a.statuses.length).toBe(before + 1);
    expect(a.last).toMatchObject({ status: 'playing', afkAt: 1_000_100 + 20 + AFK, cooldownUntil: 1_000_100 + 20 + 300 });
    vi.advanceTimersByTime(TICK * 3);
    expect(a.statuses.length).toBe(before + 1);
  });

  it('a pending placement status is dropped when the user leaves play before the tick', () => {
    const a = open('a');
    presence.recordAction('a', Date.now(), Date.now() + 300);
    presence.kick('a', 'bye');
    vi.advanceTimersByTime(TICK);
    expect(a.log.at(-1)).toBe('closed');
    expect(a.last).toEqual({ status: 'afk' });
  });

  it('stalled: keeps the slot and the original deadline; a newer session restores it', () => {
    const a = open('a', 1);
    const afkAt = a.last!.afkAt!;
    vi.advanceTimersByTime(300);
    a.drop();
    expect(presence.view('a')).toEqual({ status: 'stalled', afkAt });
    expect(placeError('a').getResponse()).toMatchObject({ status: 'stalled' });
    expect(presence.counts()).toMatchObject({ playing: 1, stalled: 1 });
    vi.advanceTimersByTime(300);
    const again = open('a', 2);
    expect(again.statuses).toEqual([{ status: 'playing', afkAt, charges: 1 }]);
    expect(presence.counts()).toMatchObject({ playing: 1, stalled: 0 });
    vi.advanceTimersByTime(afkAt - Date.now());
    expect(again.log.slice(-2)).toEqual([{ status: 'afk' }, 'closed']);
  });

  it('a stalled player that never comes back frees the slot at its deadline', () => {
    const a = open('a');
    open('b');
    const c = open('c');
    a.drop();
    vi.advanceTimersByTime(AFK);
    expect(presence.view('a')).toEqual({ status: 'afk' });
    expect(c.last?.status).toBe('playing');
  });

  it('a stalled queue place lasts one AFK window from the drop, then the queue moves up', () => {
    open('a');
    open('b');
    const c = open('c');
    const d = open('d');
    vi.advanceTimersByTime(200);
    c.drop();
    expect(presence.view('c')).toEqual({ status: 'stalled', position: 1, queueLength: 2, afkAt: Date.now() + AFK });
    vi.advanceTimersByTime(AFK - 1);
    expect(presence.view('c').status).toBe('stalled');
    // a and b expire at 1000 (before c's place at 1200): d is admitted, c is skipped while stalled
    expect(d.last?.status).toBe('playing');
    vi.advanceTimersByTime(1);
    expect(presence.view('c')).toEqual({ status: 'afk' });
    expect(presence.counts().queued).toBe(0);
  });

  it('a stalled queued user keeps the place, is skipped for admission, and is admitted on return', () => {
    open('a');
    open('b');
    const c = open('c');
    const d = open('d');
    c.drop();
    presence.kick('a', 'test');
    expect(d.last?.status).toBe('playing');
    expect(presence.view('c')).toMatchObject({ status: 'stalled', position: 1 });
    presence.kick('b', 'test');
    const back = open('c', 2);
    expect(back.statuses).toEqual([{ status: 'playing', afkAt: Date.now() + AFK, charges: 1 }]);
  });

  it('supersedes the older socket when the same user connects with a newer session', () => {
    const first = open('a', 1);
    const second = open('a', 2);
    expect(first.log.slice(-2)).toEqual([{ status: 'superseded' }, 'closed']);
    expect(second.last?.status).toBe('playing');
    expect(presence.counts()).toMatchObject({ playing: 1, stalled: 0 });
    const stale = open('a', 1);
    expect(stale.log).toEqual([{ status: 'superseded' }, 'closed']);
    expect(second.closed).toBe(false);
  });

  it('tab spam leaves one live socket and one queue entry', () => {
    open('a');
    open('b');
    const sockets = Array.from({ length: 25 }, () => open('c', 7));
    expect(sockets.filter((s) => !s.closed)).toHaveLength(1);
    expect(sockets.at(-1)!.closed).toBe(false);
    expect(presence.counts()).toMatchObject({ playing: 2, queued: 1, stalled: 0 });
    expect(sockets.at(-1)!.last).toEqual({ status: 'queued', position: 1, queueLength: 1 });
  });

  it('holds admission while the load signal is high and resumes when it drops', () => {
    verdict = { overloaded: true, reason: 'test load' };
    const a = open('a');
    expect(a.last).toEqual({ status: 'queued', position: 1, queueLength: 1 });
    expect(presence.loadPausedReason).toBe('test load');
    vi.advanceTimersByTime(LOAD_RECHECK_MS * 3);
    expect(a.last?.status).toBe('queued');
    verdict = { overloaded: false };
    vi.advanceTimersByTime(LOAD_RECHECK_MS);
    expect(a.last?.status).toBe('playing');
    expect(presence.loadPausedReason).toBeNull();
  });

  it('pushes queue positions throttled, once per interval at most', () => {
    presence.onModuleDestroy();
    presence = build(1);
    const first = open('p0');
    const queued = Array.from({ length: 30 }, (_, i) => open(`q${i}`));
    expect(queued[29].last).toEqual({ status: 'queued', position: 30, queueLength: 30 });
    presence.kick('p0', 'test'); // q0 admitted, the others move up by one
    expect(first.closed).toBe(true);
    expect(queued[0].last?.status).toBe('playing');
    vi.advanceTimersByTime(0);
    expect(queued[29].last).toEqual({ status: 'queued', position: 29, queueLength: 29 });
    presence.kick('q0', 'test'); // playing: q1 admitted
    presence.kick('q1', 'test'); // q2 admitted
    presence.kick('q2', 'test'); // q3 admitted
    const before = queued[29].statuses.length;
    vi.advanceTimersByTime(QUEUE_STATUS_INTERVAL_MS - 1);
    expect(queued[29].statuses.length).toBe(before);
    vi.advanceTimersByTime(1);
    expect(queued[29].statuses.length).toBe(before + 1);
    expect(queued[29].last).toEqual({ status: 'queued', position: 26, queueLength: 26 });
  });

  it('kick: notice, afk, close; the user is no longer tracked', () => {
    const a = open('a');
    expect(presence.kick('a', 'You have been banned.')).toBe(true);
    expect(a.log.slice(-3)).toEqual([{ notice: 'You have been banned.' }, { status: 'afk' }, 'closed']);
    expect(presence.view('a')).toEqual({ status: 'afk' });
    expect(presence.kick('a', 'again')).toBe(false);
  });

  it('refuses banned users on connect', () => {
    banned.add('a');
    const a = open('a');
    expect(a.log).toEqual([{ status: 'afk' }, 'closed']);
    expect(presence.counts().playing).toBe(0);
  });

  it('runs every expiry off one timer with 5,000 players', () => {
    presence.onModuleDestroy();
    presence = build(100_000);
    const sockets: FakeSocket[] = [];
    for (let i = 0; i < 5000; i++) {
      sockets.push(open(`u${i}`));
      if (i % 500 === 0) vi.advanceTimersByTime(10);
    }
    expect(presence.counts().playing).toBe(5000);
    expect(presence.armedExpiryTimers).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(100);
    for (let i = 0; i < 5000; i += 2) presence.recordAction(`u${i}`, Date.now(), Date.now() + 100);
    expect(presence.armedExpiryTimers).toBe(1);
    expect(vi.getTimerCount()).toBe(2); // the expiry timer and the one placement-status flush
    vi.advanceTimersByTime(TICK);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(AFK - TICK - 1);
    expect(presence.counts().playing).toBe(2500);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(AFK);
    expect(presence.counts().playing).toBe(0);
    expect(sockets.every((s) => s.closed && s.last?.status === 'afk')).toBe(true);
    expect(maxPlayers).toBe(100_000);
  });
});
