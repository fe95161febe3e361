import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../../../test/support/redis';
import { LocalClusterBus } from '../cluster/local-cluster-bus';
import { RedisService } from '../cluster/redis.service';
import { ApiError } from '../common/api-error';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import type { PresenceSocket } from '../presence/presence.types';
import { RedisPresenceService } from '../presence/redis/redis-presence.service';
import type { AdmissionLoad } from '../queue/admission-load';
import type { UsersService } from '../users/users.service';
import type { CooldownReservation } from './placement-gate';
import { RedisPlacementGate } from './redis-placement-gate';

const socketOf = (userId: string): PresenceSocket => ({
  id: `socket-${userId}`,
  data: { principal: { userId, sessionNumber: 1, role: 'player', name: userId, email: `${userId}@x` } },
  emit: () => true,
  disconnect: () => undefined,
});

describe('RedisPlacementGate (three instances, one Redis)', () => {
  const prefix = uniqueRedisPrefix('gate');
  const configuration = new ConfigurationService(loadAppConfig({ COOLDOWN_MS: '5000', MAX_PLAYERS: '5', DATA_DIR: '/tmp/unused-gate-spec' }));
  let services: RedisService[];
  let gates: RedisPlacementGate[];
  let presence: RedisPresenceService;
  const sockets = new Map<string, PresenceSocket>();

  beforeAll(async () => {
    services = await Promise.all([0, 1, 2].map(() => RedisService.open(TEST_REDIS_URL, prefix)));
    gates = services.map((s) => new RedisPlacementGate(s, configuration));
    const users = { isBanned: () => false } as unknown as UsersService;
    const load = { verdict: () => ({ overloaded: false }) } as unknown as AdmissionLoad;
    presence = new RedisPresenceService(services[0], new LocalClusterBus('gate'), configuration, users, load);
    await presence.onModuleInit();
    for (const id of ['racer', 'cas', 'prev', 'ttl', 'p1']) {
      sockets.set(id, socketOf(id));
      await presence.connect(sockets.get(id)!);
    }
  });
  afterAll(async () => {
    presence.onModuleDestroy();
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    await deleteRedisPrefix(prefix);
  });

  it('50 parallel reservations of one player over three instances: exactly one wins', async () => {
    const now = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => gates[i % 3].enter('racer', now)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ApiError);
    expect(refused).toHaveLength(49);
    expect(refused[0].getStatus()).toBe(429);
    expect(refused[0].getResponse()).toMatchObject({ code: 'COOLDOWN', retryAfterMs: 5000 });
    expect(refused[0].headers).toEqual({ 'Retry-After': '5' });
  });

  it('refuses who is not playing with a live socket (403 NOT_PLAYING with the status) and reserves nothing', async () => {
    await expect(gates[1].enter('nobody', Date.now())).rejects.toMatchObject({ code: 'NOT_PLAYING', extra: { status: 'afk' } });
    await presence.connect(socketOf('q6')); // the sixth player waits: MAX_PLAYERS 5
    await expect(gates[2].enter('q6', Date.now())).rejects.toMatchObject({ code: 'NOT_PLAYING', extra: { status: 'queued' } });
    await presence.disconnect(sockets.get('p1')!);
    await expect(gates[0].enter('p1', Date.now())).rejects.toMatchObject({ code: 'NOT_PLAYING', extra: { status: 'stalled' } });
    expect(await services[0].client.exists('cooldown:nobody', 'cooldown:q6', 'cooldown:p1')).toBe(0);
  });

  it('release is a compare-and-set: it undoes only the reservation that is still current', async () => {
    const now = Date.now();
    const first = await gates[0].enter('cas', now);
    expect(first).toEqual({ until: now + 5000, previous: 0, charges: 0, nextChargeAt: now + 5000 });
    await gates[1].release('cas', first);
    const second = await gates[2].enter('cas', now + 10);
    expect(second.previous).toBe(0);
    await gates[0].release('cas', first); // stale: the second reservation stays
    await expect(gates[1].enter('cas', now + 20)).rejects.toMatchObject({ code: 'COOLDOWN' });
  });

  it('a released reservation restores the previous cooldown that is still running', async () => {
    const now = Date.now();
    await gates[0].enter('prev', now - 4000); // runs until now + 1000
    await expect(gates[1].enter('prev', now)).rejects.toMatchObject({ extra: { retryAfterMs: 1000 } });
    const later = await gates[1].enter('prev', now + 1000);
    expect(later.previous).toBe(now + 1000);
    await gates[2].release('prev', { until: later.until, previous: Date.now() + 800 });
    await expect(gates[0].enter('prev', Date.now())).rejects.toMatchObject({ code: 'COOLDOWN' });
  });

  it('the refund of an undo gives one charge back', async () => {
    const now = Date.now();
    await gates[0].enter('ttl', now);
    await expect(gates[1].enter('ttl', now)).rejects.toMatchObject({ code: 'COOLDOWN' });
    expect(await gates[2].refund('ttl', now)).toBe(now);
    expect(await services[0].client.exists('cooldown:ttl')).toBe(0);
    expect((await gates[1].enter('ttl', now)).until).toBe(now + 5000);
    await services[0].client.del('cooldown:ttl');
  });

  it('the key expires with the cooldown', async () => {
    await gates[0].enter('ttl', Date.now());
    const ttl = await services[0].client.pttl('cooldown:ttl');
    expect(ttl).toBeGreaterThan(4000);
    expect(ttl).toBeLessThanOrEqual(5000);
  });
});

describe('RedisPlacementGate with PIXEL_CHARGES=3 (three instances, one Redis)', () => {
  const prefix = uniqueRedisPrefix('charges');
  const configuration = new ConfigurationService(loadAppConfig({ COOLDOWN_MS: '5000', PIXEL_CHARGES: '3', DATA_DIR: '/tmp/unused-gate-spec' }));
  let services: RedisService[];
  let gates: RedisPlacementGate[];
  let presence: RedisPresenceService;

  beforeAll(async () => {
    services = await Promise.all([0, 1, 2].map(() => RedisService.open(TEST_REDIS_URL, prefix)));
    gates = services.map((s) => new RedisPlacementGate(s, configuration));
    const users = { isBanned: () => false } as unknown as UsersService;
    const load = { verdict: () => ({ overloaded: false }) } as unknown as AdmissionLoad;
    presence = new RedisPresenceService(services[0], new LocalClusterBus('charges'), configuration, users, load);
    await presence.onModuleInit();
    for (const id of ['racer', 'spender']) await presence.connect(socketOf(id));
  });
  afterAll(async () => {
    presence.onModuleDestroy();
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    await deleteRedisPrefix(prefix);
  });

  it('N + 50 parallel reservations of a player with N = 3 charges over three instances: exactly N win', async () => {
    const now = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 53 }, (_, i) => gates[i % 3].enter('racer', now)));
    const won = results.filter((r): r is PromiseFulfilledResult<CooldownReservation> => r.status === 'fulfilled').map((r) => r.value);
    expect(won.map((r) => r.charges).sort()).toEqual([0, 1, 2]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ApiError);
    expect(refused).toHaveLength(50);
    expect(refused[0].getResponse()).toMatchObject({ code: 'COOLDOWN', retryAfterMs: 5000 });
  });

  it('spends down, then one charge back per cooldown', async () => {
    const t = Date.now();
    expect(await gates[0].enter('spender', t)).toMatchObject({ charges: 2, nextChargeAt: t + 5000, until: t + 5000 });
    expect(await gates[1].enter('spender', t + 1000)).toMatchObject({ charges: 1, nextChargeAt: t + 5000, until: t + 10_000 });
    expect(await gates[2].enter('spender', t + 2000)).toMatchObject({ charges: 0, nextChargeAt: t + 5000, until: t + 15_000 });
    await expect(gates[0].enter('spender', t + 3000)).rejects.toMatchObject({ extra: { retryAfterMs: 2000 } });
    expect(await gates[1].enter('spender', t + 5000)).toMatchObject({ charges: 0, nextChargeAt: t + 10_000, until: t + 20_000 });
    expect(await gates[2].refund('spender', t + 5000)).toBe(t + 15_000);
  });
});
