import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusEvent } from '@pixel-wars/protocol';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../../test/support/redis';
import { PrivateRedis, startPrivateRedis } from '../../../../test/support/private-services';
import { LocalClusterBus } from '../../cluster/local-cluster-bus';
import { RedisClusterBus } from '../../cluster/redis-cluster-bus';
import { RedisService } from '../../cluster/redis.service';
import { ApiError } from '../../common/api-error';
import { loadAppConfig } from '../../config/app-config';
import { ConfigurationService } from '../../config/configuration.service';
import { AdmissionLoad, LoadVerdict } from '../../queue/admission-load';
import { UsersService } from '../../users/users.service';
import { PresenceSocket } from '../presence.types';
import { RedisPresenceService } from './redis-presence.service';

const AFK = 800;
const TIMING = { tickMs: 100, heartbeatTtlMs: 400 };

type Logged = StatusEvent | { notice: string } | 'closed';

/** Records what presence does to a socket; closing it reports the disconnect like the gateway does. */
class FakeSocket implements PresenceSocket {
  static nextId = 0;
  readonly id = `s${FakeSocket.nextId++}`;
  readonly log: Logged[] = [];
  closed = false;

  constructor(
    readonly data: PresenceSocket['data'],
    private readonly presence: RedisPresenceService,
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
    void this.presence.disconnect(this);
    return this;
  }

  /** The client side dropping (network, reload). */
  drop(): Promise<void> {
    this.closed = true;
    return this.presence.disconnect(this);
  }

  get statuses(): StatusEvent[] {
    return this.log.filter((e): e is StatusEvent => typeof e === 'object' && 'status' in e);
  }

  get last(): StatusEvent | undefined {
    return this.statuses.at(-1);
  }
}

interface Instance {
  id: string;
  redis: RedisService;
  presence: RedisPresenceService;
  verdict: LoadVerdict;
  open(userId: string, session?: number): Promise<FakeSocket>;
  /** kill -9: timers stop and the connections drop, nothing is cleaned up. */
  kill(): Promise<void>;
}

describe('RedisPresenceService (several instances, one Redis)', () => {
  let prefix: string;
  let instances: Instance[];
  let banned: Set<string>;

  async function start(id: string, maxPlayers: number): Promise<Instance> {
    const config = loadAppConfig({ AFK_AFTER_MS: String(AFK), MAX_PLAYERS: String(maxPlayers), DATA_DIR: '/tmp/unused-redis-presence-spec' });
    const redis = await RedisService.open(TEST_REDIS_URL, prefix);
    const bus = new RedisClusterBus(redis, id);
    await bus.onModuleInit();
    const users = { isBanned: (userId: string) => banned.has(userId) } as unknown as UsersService;
    const instance = { id, redis, verdict: { overloaded: false } } as Instance;
    const load = { verdict: () => instance.verdict } as unknown as AdmissionLoad;
    const presence = new RedisPresenceService(redis, bus, new ConfigurationService(config), users, load, undefined, TIMING);
    await presence.onModuleInit();
    instance.presence = presence;
    instance.open = async (userId, session = 1) => {
      const socket = new FakeSocket({ principal: { userId, sessionNumber: session, role: 'player', name: userId, email: `${userId}@x` } }, presence);
      await presence.connect(socket);
      return socket;
    };
    instance.kill = async () => {
      presence.onModuleDestroy();
      redis.client.disconnect();
      await redis.onApplicationShutdown();
    };
    instances.push(instance);
    return instance;
  }

  async function cluster(n: number, maxPlayers: number): Promise<Instance[]> {
    const started: Instance[] = [];
    for (let i = 0; i < n; i++) started.push(await start(`i${i}-${prefix.slice(-6, -1)}`, maxPlayers));
    return started;
  }

  async function placeError(instance: Instance, userId: string): Promise<ApiError> {
    try {
      await instance.presence.assertCanPlace(userId);
    } catch (error) {
      return error as ApiError;
    }
    throw new Error('expected NOT_PLAYING');
  }

  const poll = (check: () => unknown, timeout = 3000) => expect.poll(check, { timeout, interval: 20 });

  beforeEach(() => {
    prefix = uniqueRedisPrefix('presence');
    instances = [];
    banned = new Set();
  });
  afterEach(async () => {
    for (const instance of instances) {
      instance.presence.onModuleDestroy();
      await instance.redis.onApplicationShutdown();
    }
    await deleteRedisPrefix(prefix);
  });

  it('counts MAX_PLAYERS over every instance and keeps one FIFO across them', async () => {
    const [a, b, c] = await cluster(3, 2);
    const u1 = await a.open('u1');
    const u2 = await b.open('u2');
    const u3 = await c.open('u3');
    const u4 = await a.open('u4');
    const u5 = await b.open('u5');
    expect(u1.last).toEqual({ status: 'playing', afkAt: expect.any(Number), charges: 1 });
    expect(u2.last?.status).toBe('playing');
    expect(u3.last).toEqual({ status: 'queued', position: 1, queueLength: 1 });
    expect(u4.last).toEqual({ status: 'queued', position: 2, queueLength: 2 });
    expect(u5.last).toEqual({ status: 'queued', position: 3, queueLength: 3 });
    expect((await placeError(c, 'u3')).getResponse()).toMatchObject({ code: 'NOT_PLAYING', status: 'queued' });
    await expect(a.presence.assertCanPlace('u2')).resolves.toBeUndefined();
    expect(await b.presence.view('u4')).toEqual({ status: 'queued', position: 2, queueLength: 3 });

    // u1 (on a) leaves for good through b: the head of the queue (on c) is admitted, the rest move up
    expect(await b.presence.kick('u1', 'bye')).toBe(true);
    await poll(() => u1.log.slice(-3)).toEqual([{ notice: 'bye' }, { status: 'afk' }, 'closed']);
    await poll(() => u3.last?.status).toBe('playing');
    await poll(() => u4.last).toEqual({ status: 'queued', position: 1, queueLength: 2 });
    await poll(() => u5.last).toEqual({ status: 'queued', position: 2, queueLength: 2 });
    await a.presence.tick();
    expect(a.presence.counts()).toMatchObject({ playing: 2, queued: 2, stalled: 0 });
  });

  it('placements through any instance cost the placing socket one status per tick, the latest', async () => {
    const [a, b] = await cluster(2, 5);
    const player = await b.open('p');
    await poll(() => player.last?.status).toBe('playing');
    const before = player.statuses.length;
    const at = Date.now();
    for (let i = 0; i < 5; i++) await a.presence.recordAction('p', at + i, at + i + 60_000);
    await b.presence.recordAction('p', at + 5, at + 5 + 60_000);
    await poll(() => player.statuses.length).toBe(before + 1);
    expect(player.last).toMatchObject({ status: 'playing', afkAt: at + 5 + AFK });
    await new Promise((resolve) => setTimeout(resolve, 200)); // four ticks: nothing more to say
    expect(player.statuses.length).toBe(before + 1);
  });

  it('a pending placement status never follows the close of a kicked socket', async () => {
    const [a] = await cluster(1, 5);
    const player = await a.open('p');
    await poll(() => player.last?.status).toBe('playing');
    await a.presence.recordAction('p', Date.now(), Date.now() + 60_000);
    await a.presence.kick('p', 'bye');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(player.log.slice(-3)).toEqual([{ notice: 'bye' }, { status: 'afk' }, 'closed']);
  });

  it('stalled on one instance, restored through another with the same afkAt', async () => {
    const [a, b] = await cluster(2, 5);
    const first = await a.open('u', 1);
    const afkAt = first.last!.afkAt!;
    await first.drop();
    expect(await b.presence.view('u')).toEqual({ status: 'stalled', afkAt });
    expect((await placeError(b, 'u')).getResponse()).toMatchObject({ status: 'stalled' });
    const again = await b.open('u', 2);
    expect(again.statuses).toEqual([{ status: 'playing', afkAt, charges: 1 }]);
    expect(await a.presence.view('u')).toEqual({ status: 'playing', afkAt, charges: 1 });
    // the original deadline still holds: afk at afkAt, exactly once
    await poll(() => again.log.slice(-2), AFK * 3).toEqual([{ status: 'afk' }, 'closed']);
    expect(again.statuses.filter((s) => s.status === 'afk')).toHaveLength(1);
  });

  it('a stalled queue place keeps its position across instances and is admitted on return', async () => {
    const [a, b] = await cluster(2, 1);
    await a.open('p');
    const q = await a.open('q');
    const r = await b.open('r');
    await q.drop();
    expect(await b.presence.view('q')).toMatchObject({ status: 'stalled', position: 1 });
    await b.presence.kick('p', 'test'); // q is skipped while stalled: r is admitted
    await poll(() => r.last?.status).toBe('playing');
    await b.presence.kick('r', 'test');
    const back = await b.open('q', 2);
    expect(back.last).toEqual({ status: 'playing', afkAt: expect.any(Number), charges: 1 });
  });

  it('a newer session on B supersedes the socket on A; an older one is refused', async () => {
    const [a, b, c] = await cluster(3, 5);
    const first = await a.open('u', 1);
    const second = await b.open('u', 2);
    await poll(() => first.log.slice(-2)).toEqual([{ status: 'superseded' }, 'closed']);
    expect(second.last?.status).toBe('playing');
    const stale = await c.open('u', 1);
    expect(stale.log).toEqual([{ status: 'superseded' }, 'closed']);
    expect(second.closed).toBe(false);
    await a.presence.tick();
    expect(a.presence.counts()).toMatchObject({ playing: 1, stalled: 0 });
    expect(a.presence.totals.superseded + b.presence.totals.superseded + c.presence.totals.superseded).toBe(2);
  });

  it('fires each deadline exactly once with a timer on every instance', async () => {
    const all = await cluster(3, 100);
    const sockets: FakeSocket[] = [];
    for (let i = 0; i < 30; i++) sockets.push(await all[i % 3].open(`u${i}`));
    // some of them drop: their players' deadlines must still fire once, wherever
    for (let i = 0; i < 30; i += 5) await sockets[i].drop();
    const afk = () => all.reduce((sum, instance) => sum + instance.presence.totals.afk, 0);
    await poll(afk, AFK * 4).toBe(30);
    await new Promise((resolve) => setTimeout(resolve, 3 * TIMING.tickMs));
    expect(afk()).toBe(30);
    sockets.forEach((socket, i) => expect(socket.statuses.filter((s) => s.status === 'afk')).toHaveLength(i % 5 === 0 ? 0 : 1));
    expect(all.filter((instance) => instance.presence.totals.afk > 0).length).toBeGreaterThanOrEqual(1);
    // one timer per instance: between ticks it is armed (during a tick's Redis round trip it is not yet re-armed)
    await poll(() => all.map((instance) => instance.presence.armedExpiryTimers)).toEqual([1, 1, 1]);
    await all[0].presence.tick();
    expect(all[0].presence.counts()).toMatchObject({ playing: 0, queued: 0, stalled: 0 });
  });

  it('a kick from any instance closes the socket where it is', async () => {
    const [a, b] = await cluster(2, 5);
    const u = await a.open('u');
    expect(await b.presence.kick('u', 'You have been banned.')).toBe(true);
    await poll(() => u.log.slice(-3)).toEqual([{ notice: 'You have been banned.' }, { status: 'afk' }, 'closed']);
    expect(await a.presence.view('u')).toEqual({ status: 'afk' });
    expect(await b.presence.kick('u', 'again')).toBe(false);
  });

  it('a dead instance leaves its users stalled (not stuck); they come back through a survivor', async () => {
    const [a, b] = await cluster(2, 1);
    const player = await a.open('p');
    const afkAt = player.last!.afkAt!;
    const waiting = await a.open('w');
    expect(waiting.last).toMatchObject({ status: 'queued', position: 1 });
    await a.kill();
    await poll(() => b.presence.view('p'), TIMING.heartbeatTtlMs * 4).toEqual({ status: 'stalled', afkAt });
    expect(await b.presence.view('w')).toMatchObject({ status: 'stalled', position: 1 });
    const back = await b.open('p', 2);
    expect(back.last).toEqual({ status: 'playing', afkAt, charges: 1 });
  });

  it('skips the queued users of an overloaded instance (they keep their place) and admits them when it recovers', async () => {
    const [a, b] = await cluster(2, 2);
    await b.open('p1');
    a.verdict = { overloaded: true, reason: 'test load' };
    const q = await a.open('q');
    expect(q.last).toEqual({ status: 'queued', position: 1, queueLength: 1 });
    expect(a.presence.loadPausedReason).toBe('test load');
    const r = await b.open('r');
    expect(r.last?.status).toBe('playing');
    expect(await b.presence.view('q')).toMatchObject({ status: 'queued', position: 1 });
    a.verdict = { overloaded: false };
    await b.presence.kick('r', 'test');
    await poll(() => q.last?.status, TIMING.tickMs * 10).toBe('playing');
    expect(a.presence.loadPausedReason).toBeNull();
  });

  it('tab spam across instances leaves one live socket and one queue entry', async () => {
    const all = await cluster(3, 1);
    await all[0].open('p');
    const sockets = await Promise.all(Array.from({ length: 12 }, (_, i) => all[i % 3].open('u', 7)));
    await poll(() => sockets.filter((s) => !s.closed).length).toBe(1);
    await all[0].presence.tick();
    expect(all[0].presence.counts()).toMatchObject({ playing: 1, queued: 1, stalled: 0 });
  });

  it('refuses banned users on connect', async () => {
    const [a] = await cluster(1, 5);
    banned.add('x');
    const x = await a.open('x');
    expect(x.log).toEqual([{ status: 'afk' }, 'closed']);
  });
});

describe('RedisPresenceService while Redis is unreachable', () => {
  let server: PrivateRedis;
  let redis: RedisService;
  let presence: RedisPresenceService;

  const open = async (userId: string, session = 1) => {
    const socket = new FakeSocket({ principal: { userId, sessionNumber: session, role: 'player', name: userId, email: `${userId}@x` } }, presence);
    await presence.connect(socket);
    return socket;
  };

  beforeEach(async () => {
    server = await startPrivateRedis();
    redis = await RedisService.open(server.url, 'p:');
    const config = loadAppConfig({ AFK_AFTER_MS: '60000', MAX_PLAYERS: '10', DATA_DIR: '/tmp/unused-redis-presence-spec' });
    const users = { isBanned: () => false } as unknown as UsersService;
    const load = { verdict: () => ({ overloaded: false }) } as unknown as AdmissionLoad;
    presence = new RedisPresenceService(redis, new LocalClusterBus('solo'), new ConfigurationService(config), users, load, undefined, TIMING);
    await presence.onModuleInit();
  });
  afterEach(async () => {
    presence.onModuleDestroy();
    await redis.onApplicationShutdown();
    await server.stop();
  });

  it('a socket that connects meanwhile stays open and gets its status once Redis is back', async () => {
    await server.stop();
    const socket = await open('u');
    expect(socket.log).toEqual([]);
    await expect(presence.assertCanPlace('u')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await server.start();
    await expect.poll(() => socket.last, { timeout: 10_000 }).toEqual({ status: 'playing', afkAt: expect.any(Number), charges: 1 });
    await expect(presence.assertCanPlace('u')).resolves.toBeUndefined();
  });

  it('a disconnect that could not reach Redis is replayed: the user ends up stalled, not playing on a dead socket', async () => {
    const socket = await open('u');
    const afkAt = socket.last!.afkAt!;
    redis.client.disconnect(true); // this instance loses its connection (and reconnects); Redis keeps the state
    await socket.drop();
    expect(await presence.view('u').catch((e: ApiError) => e.code)).toBe('STORAGE_UNAVAILABLE');
    await expect.poll(() => presence.view('u'), { timeout: 5000 }).toEqual({ status: 'stalled', afkAt });
  });
});
