import type { PlacePixelResponse } from '@pixel-wars/protocol';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteRedisPrefix, uniqueRedisPrefix } from '../../../test/support/redis';
import { PrivateRedis, startPrivateRedis } from '../../../test/support/private-services';
import type { CaptchaService } from '../captcha/captcha.service';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CanvasService } from '../canvas/canvas.service';
import { LocalChangeFeed } from '../canvas/change-feed';
import { SqlitePlacementLogRepository } from '../canvas/sqlite-placement-log.repository';
import { SqliteDatabase } from '../storage/sqlite-database';
import { LocalClusterBus } from '../cluster/local-cluster-bus';
import { RedisService } from '../cluster/redis.service';
import { ApiError } from '../common/api-error';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { LocalPresenceService } from '../presence/local-presence.service';
import type { PresenceService } from '../presence/presence.service';
import type { PresenceSocket } from '../presence/presence.types';
import { RedisPresenceService } from '../presence/redis/redis-presence.service';
import type { AdmissionLoad } from '../queue/admission-load';
import type { UsersService } from '../users/users.service';
import { LocalPlacementGate } from './local-placement-gate';
import type { PlacementGate } from './placement-gate';
import { PlacementService } from './placement.service';
import { RedisPlacementGate } from './redis-placement-gate';

const configuration = new ConfigurationService(loadAppConfig({ COOLDOWN_MS: '5000', AFK_AFTER_MS: '60000', DATA_DIR: '/tmp/unused-placement-spec' }));
const load = { verdict: () => ({ overloaded: false }) } as unknown as AdmissionLoad;

/** Stands in for the canvas write pipeline with Redis (the asynchronous gate commits through `place`): records commits, can be told to fail. */
class CommitRecorder {
  paused = false;
  failWith: Error | null = null;
  readonly commits: Array<{ x: number; y: number; userId: string }> = [];
  onCommit: () => void = () => undefined;

  async place(x: number, y: number, _color: number, userId: string): Promise<{ version: number; placedAt: number }> {
    this.onCommit();
    if (this.failWith) throw this.failWith;
    this.commits.push({ x, y, userId });
    return { version: this.commits.length, placedAt: Date.now() };
  }
}

function socketOf(userId: string): PresenceSocket & { statuses: unknown[] } {
  const statuses: unknown[] = [];
  return {
    id: `socket-${userId}-${Math.random()}`,
    data: { principal: { userId, sessionNumber: 1, role: 'player', name: userId, email: `${userId}@x` } },
    statuses,
    emit: (_event: string, payload: unknown) => statuses.push(payload),
    disconnect: () => undefined,
  } as PresenceSocket & { statuses: unknown[] };
}

const error = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as ApiError,
  );

/** CAPTCHA=off: the placement path never calls into the captcha service. */
const CAPTCHA_OFF = { enabled: false } as CaptchaService;

describe('PlacementService, one process (the real write pipeline on SQLite)', () => {
  let dir: string;
  let database: SqliteDatabase;
  let canvas: CanvasService;
  let presence: LocalPresenceService;
  let placements: PlacementService;
  const pixelCounts: Array<[string, number]> = [];
  let banned = false;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pixel-wars-placement-'));
    const local = new ConfigurationService(loadAppConfig({ COOLDOWN_MS: '5000', AFK_AFTER_MS: '60000', DATA_DIR: dir }));
    database = new SqliteDatabase(local);
    canvas = new CanvasService(local, new SqlitePlacementLogRepository(database), new LocalChangeFeed(), new LocalClusterBus('solo'));
    await canvas.onModuleInit();
    pixelCounts.length = 0;
    banned = false;
    const users = { isBanned: () => banned, notePixelPlaced: (id: string, at: number) => pixelCounts.push([id, at]) } as unknown as UsersService;
    presence = new LocalPresenceService(local, users, load);
    placements = new PlacementService(canvas, new LocalPlacementGate(presence, local), users, presence, CAPTCHA_OFF, local);
  });
  afterEach(async () => {
    presence.onModuleDestroy();
    await canvas.beforeApplicationShutdown();
    database.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits, then counts the pixel, restarts the AFK window and tells the socket within a tick', async () => {
    const socket = socketOf('u');
    presence.connect(socket);
    const before = Date.now();
    const answer = await placements.place({ userId: 'u', name: 'u' }, { x: 1, y: 2, color: 3 });
    expect(answer).toEqual({ version: 1, cooldownUntil: expect.any(Number), charges: 0 });
    expect(JSON.stringify(answer)).toBe(`{"version":1,"cooldownUntil":${answer.cooldownUntil},"charges":0}`);
    expect(answer.cooldownUntil).toBeGreaterThanOrEqual(before + 5000);
    expect(pixelCounts).toEqual([['u', expect.any(Number)]]);
    expect(pixelCounts[0][1]).toBeGreaterThanOrEqual(before);
    await vi.waitFor(
      () =>
        expect(socket.statuses.at(-1)).toEqual({
          status: 'playing',
          afkAt: expect.any(Number),
          charges: 0,
          nextChargeAt: answer.cooldownUntil,
          cooldownUntil: answer.cooldownUntil,
        }),
      { timeout: 1000 },
    );
  });

  it('NOT_PLAYING comes before COOLDOWN and reserves nothing', async () => {
    expect(await error(placements.place({ userId: 'guest', name: 'g' }, { x: 1, y: 1, color: 1 }))).toMatchObject({ code: 'NOT_PLAYING' });
    presence.connect(socketOf('guest'));
    expect((await placements.place({ userId: 'guest', name: 'g' }, { x: 1, y: 1, color: 1 })).version).toBe(1);
  });

  it('a failed commit gives the cooldown back and counts nothing', async () => {
    presence.connect(socketOf('u'));
    database.db.pragma('query_only = ON');
    expect(await error(placements.place({ userId: 'u', name: 'u' }, { x: 1, y: 1, color: 1 }))).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(pixelCounts).toEqual([]);
    database.db.pragma('query_only = OFF');
    expect((await placements.place({ userId: 'u', name: 'u' }, { x: 1, y: 1, color: 1 })).version).toBe(1);
    expect(await error(placements.place({ userId: 'u', name: 'u' }, { x: 1, y: 1, color: 1 }))).toMatchObject({ code: 'COOLDOWN' });
  });

  it('refuses paused and banned before anything else', async () => {
    presence.connect(socketOf('u'));
    await canvas.setPaused(true);
    expect(await error(placements.place({ userId: 'u', name: 'u' }, { x: 1, y: 1, color: 1 }))).toMatchObject({ code: 'PAUSED' });
    await canvas.setPaused(false);
    banned = true;
    expect(await error(placements.place({ userId: 'u', name: 'u' }, { x: 1, y: 1, color: 1 }))).toMatchObject({ code: 'BANNED' });
    expect(canvas.version).toBe(0);
  });

  it('many placements of one loop turn, mixed with refusals: one commit, each answered with its own version, all durable', async () => {
    const players = Array.from({ length: 40 }, (_, i) => `p${i}`);
    for (const id of players) presence.connect(socketOf(id));
    const outcome = (p: Promise<PlacePixelResponse>) =>
      p.then(
        (body) => body,
        (e: ApiError) => e.code,
      );
    // each player twice (the second has no charge left), and a guest in between: all in one turn
    const sent: Array<{ userId: string; x: number; y: number; color: number; answer: Promise<PlacePixelResponse | string> }> = [];
    for (let round = 0; round < 2; round++) {
      players.forEach((userId, i) => {
        const [x, y, color] = [i % 8, (i >> 3) % 4, (i + round) % 16];
        sent.push({ userId, x, y, color, answer: outcome(placements.place({ userId, name: `N${i}` }, { x, y, color })) });
        if (i % 10 === 0)
          sent.push({ userId: 'guest', x: 0, y: 0, color: 1, answer: outcome(placements.place({ userId: 'guest', name: 'g' }, { x: 0, y: 0, color: 1 })) });
      });
    }
    const settled = await Promise.all(sent.map(async (s) => ({ ...s, outcome: await s.answer })));
    const accepted = settled.filter((s) => typeof s.outcome !== 'string');
    expect(accepted.map((s) => s.userId)).toEqual(players);
    expect(settled.filter((s) => s.userId === 'guest').map((s) => s.outcome)).toEqual([
      'NOT_PLAYING',
      'NOT_PLAYING',
      'NOT_PLAYING',
      'NOT_PLAYING',
      'NOT_PLAYING',
      'NOT_PLAYING',
      'NOT_PLAYING',
      'NOT_PLAYING',
    ]);
    expect(settled.filter((s) => s.userId !== 'guest' && typeof s.outcome === 'string').map((s) => s.outcome)).toEqual(players.map(() => 'COOLDOWN'));
    // answered in queue order with dense versions; each version is the one the log holds for that player's pixel
    expect(accepted.map((s) => (s.outcome as PlacePixelResponse).version)).toEqual(players.map((_, i) => i + 1));
    for (const s of accepted) {
      const last = await canvas.lastPlacementOf(s.userId);
      expect(last).toMatchObject({
        version: (s.outcome as PlacePixelResponse).version,
        x: s.x,
        y: s.y,
        color: s.color,
        userName: `N${players.indexOf(s.userId)}`,
      });
      expect(s.outcome).toEqual({ version: last!.version, cooldownUntil: expect.any(Number), charges: 0 });
    }
    expect(canvas.version).toBe(40);
    expect(pixelCounts.map(([id]) => id)).toEqual(players);
  });

  it('each placement of a turn gets its own 201 body, even with the reused reservation', async () => {
    presence.connect(socketOf('a'));
    presence.connect(socketOf('b'));
    const before = Date.now();
    const [a, b] = await Promise.all([
      placements.place({ userId: 'a', name: 'A' }, { x: 1, y: 1, color: 1 }),
      placements.place({ userId: 'b', name: 'B' }, { x: 2, y: 2, color: 2 }),
    ]);
    expect(a).not.toBe(b);
    expect([a.version, b.version]).toEqual([1, 2]);
    expect([a.charges, b.charges]).toEqual([0, 0]);
    for (const answer of [a, b]) expect(answer.cooldownUntil - before).toBeGreaterThanOrEqual(5000);
  });

  it('a failed group commit refuses every placement of the turn and gives each its charge back', async () => {
    for (const id of ['a', 'b', 'c']) presence.connect(socketOf(id));
    database.db.pragma('query_only = ON');
    const refused = await Promise.all(['a', 'b', 'c'].map((userId) => error(placements.place({ userId, name: userId }, { x: 1, y: 1, color: 1 }))));
    expect(refused.map((e) => e?.code)).toEqual(['STORAGE_UNAVAILABLE', 'STORAGE_UNAVAILABLE', 'STORAGE_UNAVAILABLE']);
    database.db.pragma('query_only = OFF');
    const again = await Promise.all(['a', 'b', 'c'].map((userId) => placements.place({ userId, name: userId }, { x: 1, y: 1, color: 1 })));
    expect(again.map((r) => r.version)).toEqual([1, 2, 3]);
  });
});

describe('PlacementService with Redis (a private redis-server)', () => {
  let server: PrivateRedis;
  let redis: RedisService;
  let presence: RedisPresenceService;
  let gate: PlacementGate;
  let canvas: CommitRecorder;
  let placements: PlacementService;
  const prefix = uniqueRedisPrefix('placement');

  beforeEach(async () => {
    server ??= await startPrivateRedis();
    redis = await RedisService.open(server.url, prefix);
    const users = { isBanned: () => false, notePixelPlaced: () => undefined } as unknown as UsersService;
    presence = new RedisPresenceService(redis, new LocalClusterBus('solo'), configuration, users, load, undefined, { tickMs: 200, heartbeatTtlMs: 1000 });
    await presence.onModuleInit();
    gate = new RedisPlacementGate(redis, configuration);
    canvas = new CommitRecorder();
    placements = new PlacementService(canvas as unknown as CanvasService, gate, users, presence as PresenceService, CAPTCHA_OFF, configuration);
  });
  afterEach(async () => {
    presence.onModuleDestroy();
    await redis.onApplicationShutdown();
  });
  afterAll(async () => {
    await server?.stop();
    await deleteRedisPrefix(prefix).catch(() => undefined);
  });

  it('checks presence and reserves the cooldown in one command to Redis before the commit', async () => {
    await presence.connect(socketOf('u'));
    const stream = (redis.client as unknown as { stream: { write: (...args: unknown[]) => boolean } }).stream;
    const write = vi.spyOn(stream, 'write');
    let writesBeforeCommit = -1;
    canvas.onCommit = () => (writesBeforeCommit = write.mock.calls.length);
    await placements.place({ userId: 'u', name: 'u' }, { x: 1, y: 1, color: 1 });
    expect(writesBeforeCommit).toBe(1);
    write.mockRestore();
  });

  it('a user who is not playing gets NOT_PLAYING and reserves nothing', async () => {
    expect(await error(placements.place({ userId: 'nobody', name: 'n' }, { x: 1, y: 1, color: 1 }))).toMatchObject({
      code: 'NOT_PLAYING',
      extra: { status: 'afk' },
    });
    expect(await redis.client.exists('cooldown:nobody')).toBe(0);
  });

  it('Redis unreachable: 503 STORAGE_UNAVAILABLE at once, nothing committed; back by itself', async () => {
    await presence.connect(socketOf('u'));
    await server.stop();
    const started = performance.now();
    expect(await error(placements.place({ userId: 'u', name: 'u' }, { x: 1, y: 1, color: 1 }))).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(canvas.commits).toEqual([]);
    await server.start();
    await expect
      .poll(
        () =>
          placements.place({ userId: 'u', name: 'u' }, { x: 1, y: 1, color: 1 }).then(
            (r) => r.version,
            (e: ApiError) => e.code,
          ),
        { timeout: 10_000, interval: 100 },
      )
      .toBe(1);
  });
});
