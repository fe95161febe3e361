import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeSnapshot, type MeResponse } from '@pixel-wars/protocol';
import { devLogin, getMe, nextSession, openPlay, post, Session, until, WatchedSocket } from '../auth/auth-client';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { PresenceService } from '../../src/app/presence/presence.service';
import { AdmissionLoad } from '../../src/app/queue/admission-load';
import { UsersService } from '../../src/app/users/users.service';
import { startHotStateApp } from '../support/hot-state-app';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis';
import { PrivateRedis, startPrivateRedis } from '../support/private-services';
import type { TestApp } from '../support/test-app';

const place = (url: string, session: Session, x = 1, y = 1) =>
  post(url, '/api/canvas/pixels', { x, y, color: 2 }, { authorization: `Bearer ${session.accessToken}` });

async function play(url: string, session: Session, sockets: WatchedSocket[], players?: Set<string>): Promise<WatchedSocket> {
  players?.add(session.body.user.id);
  const w = openPlay(url, session.accessToken);
  sockets.push(w);
  await w.connected;
  await until(() => w.statuses().length > 0, 3000, 'first status');
  return w;
}

describe('hot state shared by three instances (real apps, one Redis)', () => {
  const prefix = uniqueRedisPrefix('hot');
  const apps: TestApp[] = [];
  const sockets: WatchedSocket[] = [];
  const players = new Set<string>();

  beforeAll(async () => {
    const env = { COOLDOWN_MS: '60000', MAX_PLAYERS: '2' };
    for (const id of ['hot-a', 'hot-b', 'hot-c']) apps.push(await startHotStateApp(id, { url: TEST_REDIS_URL, keyPrefix: prefix }, env));
    // three apps share this process's event loop: its measured delay must not hold admission back here
    for (const t of apps) t.app.get(AdmissionLoad).useReading(() => ({ eventLoopDelayMs: 0, bytesPerSecond: 0 }));
  });
  afterEach(async () => {
    for (const w of sockets.splice(0)) w.socket.close();
    for (const id of players) await apps[0].app.get(PresenceService).kick(id, 'test over');
    players.clear();
  });
  afterAll(async () => {
    for (const t of apps) await t.close();
    await deleteRedisPrefix(prefix);
  });

  it('lets exactly one of 50 parallel placements of one user through, spread over the instances', async () => {
    const [a, b] = apps;
    const session = await devLogin(a.url, 'racer');
    await play(b.url, session, sockets, players);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => place(apps[i % 3].url, session, i % 60, 2)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(49);
    const refused = await answers.find((r) => r.status === 429)!.json();
    expect(refused).toMatchObject({ code: 'COOLDOWN', retryAfterMs: expect.any(Number) });
  });

  it('global MAX_PLAYERS and queue order with players on different instances; presence the same from every instance', async () => {
    const [a, b, c] = apps;
    const [p, q, r, s] = await Promise.all(['mp-p', 'mp-q', 'mp-r', 'mp-s'].map((n) => devLogin(a.url, n)));
    const wp = await play(a.url, p, sockets, players);
    await play(b.url, q, sockets, players);
    const wr = await play(c.url, r, sockets, players);
    const ws = await play(a.url, s, sockets, players);
    expect(wp.lastStatus()?.status).toBe('playing');
    expect(wr.lastStatus()).toEqual({ status: 'queued', position: 1, queueLength: 1 });
    expect(ws.lastStatus()).toEqual({ status: 'queued', position: 2, queueLength: 2 });
    // GET /api/me where the account lives (each app has its own users table here); the presence itself from every instance
    const me = (await (await getMe(a.url, s.accessToken)).json()) as MeResponse;
    expect(me.presence).toEqual({ status: 'queued', position: 2, queueLength: 2 });
    for (const t of apps) expect(await t.app.get(PresenceService).view(s.body.user.id)).toEqual({ status: 'queued', position: 2, queueLength: 2 });
    // p leaves its socket on a and comes back through b: stalled, then the same afkAt
    const afkAt = wp.lastStatus()!.afkAt!;
    wp.socket.close();
    await expect.poll(() => c.app.get(PresenceService).view(p.body.user.id), { timeout: 3000 }).toEqual({ status: 'stalled', afkAt });
    const back = await play(b.url, p, sockets, players);
    expect(back.lastStatus()).toEqual({ status: 'playing', afkAt, charges: 1 });
    expect(wr.lastStatus()?.status).toBe('queued');
  });
});

describe('charges and undo shared by three instances (PIXEL_CHARGES=3)', () => {
  const prefix = uniqueRedisPrefix('charges');
  const apps: TestApp[] = [];
  const sockets: WatchedSocket[] = [];

  beforeAll(async () => {
    const env = { COOLDOWN_MS: '60000', PIXEL_CHARGES: '3', UNDO_WINDOW_MS: '5000' };
    for (const id of ['chg-a', 'chg-b', 'chg-c']) apps.push(await startHotStateApp(id, { url: TEST_REDIS_URL, keyPrefix: prefix }, env));
    for (const t of apps) t.app.get(AdmissionLoad).useReading(() => ({ eventLoopDelayMs: 0, bytesPerSecond: 0 }));
  });
  afterAll(async () => {
    for (const w of sockets.splice(0)) w.socket.close();
    for (const t of apps) await t.close();
    await deleteRedisPrefix(prefix);
  });

  it('N + 50 parallel placements with N = 3 charges spread over the instances: exactly N 201s', async () => {
    const [a, b] = apps;
    const session = await devLogin(a.url, 'charged');
    const w = await play(b.url, session, sockets);
    const answers = await Promise.all(Array.from({ length: 53 }, (_, i) => place(apps[i % 3].url, session, i % 60, 3)));
    const accepted = answers.filter((r) => r.status === 201);
    expect(accepted).toHaveLength(3);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(50);
    const charges = await Promise.all(accepted.map(async (r) => ((await r.json()) as { charges: number }).charges));
    expect(charges.sort()).toEqual([0, 1, 2]);
    await until(() => w.lastStatus()?.charges === 0, 3000, 'status with no charge left');
    expect(w.lastStatus()).toMatchObject({ status: 'playing', charges: 0, nextChargeAt: expect.any(Number) });
  });

  it('undo through another instance: a new change restores the colour everywhere and the charge comes back; refused after a paint-over', async () => {
    const [a, b, c] = apps;
    const [me, other] = await Promise.all([devLogin(a.url, 'undoer'), devLogin(a.url, 'painter')]);
    await play(a.url, me, sockets);
    await play(c.url, other, sockets);
    expect((await place(a.url, me, 7, 7)).status).toBe(201);
    const second = (await (await post(a.url, '/api/canvas/pixels', { x: 7, y: 7, color: 9 }, { authorization: `Bearer ${me.accessToken}` })).json()) as {
      version: number;
    };
    const undone = await post(b.url, '/api/canvas/pixels/undo', undefined, { authorization: `Bearer ${me.accessToken}` });
    expect(undone.status).toBe(201);
    expect(await undone.json()).toEqual({ version: second.version + 1, charges: 2 });
    for (const t of apps) {
      await expect.poll(() => t.app.get(CanvasService).version, { timeout: 3000 }).toBeGreaterThanOrEqual(second.version + 1);
      expect(t.app.get(CanvasService).pixels()[7 * 64 + 7]).toBe(2);
    }
    expect((await post(c.url, '/api/canvas/pixels/undo', undefined, { authorization: `Bearer ${me.accessToken}` })).status).toBe(409);
    expect((await place(b.url, me, 8, 8)).status).toBe(201);
    expect((await place(c.url, other, 8, 8)).status).toBe(201);
    const refused = await post(c.url, '/api/canvas/pixels/undo', undefined, { authorization: `Bearer ${me.accessToken}` });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'UNDO_UNAVAILABLE' });
  });

  it('leaderboard and heatmap on PostgreSQL: the undone placement is not counted, the same from every instance', async () => {
    const [a, b, c] = apps;
    const me = await devLogin(a.url, 'undoer');
    // charged: 3; undoer: (7,7) and (8,8) — the 9 at (7,7) was undone; painter: (8,8)
    for (const t of apps) {
      const board = (await (await fetch(`${t.url}/api/leaderboard?period=day`)).json()) as Array<{ rank: number; user: { name: string }; pixels: number }>;
      expect(board.map((e) => [e.rank, e.user.name, e.pixels])).toEqual([
        [1, 'charged', 3],
        [2, 'undoer', 2],
        [3, 'painter', 1],
      ]);
    }
    expect(await (await fetch(`${b.url}/api/leaderboard/me`, { headers: { authorization: `Bearer ${me.accessToken}` } })).json()).toEqual({
      rank: 2,
      pixels: 2,
    });
    const heat = decodeSnapshot(new Uint8Array(await (await fetch(`${c.url}/api/canvas/heatmap?window=hour`)).arrayBuffer()));
    expect([heat.pixels[7 * 64 + 7], heat.pixels[8 * 64 + 8], heat.pixels[0]]).toEqual([51, 33, 0]);
  });
});

describe('supersede across instances', () => {
  const prefix = uniqueRedisPrefix('sup');
  const apps: TestApp[] = [];
  const sockets: WatchedSocket[] = [];

  beforeAll(async () => {
    for (const id of ['sup-a', 'sup-b']) apps.push(await startHotStateApp(id, { url: TEST_REDIS_URL, keyPrefix: prefix }));
    for (const t of apps) t.app.get(AdmissionLoad).useReading(() => ({ eventLoopDelayMs: 0, bytesPerSecond: 0 }));
  });
  afterAll(async () => {
    for (const w of sockets.splice(0)) w.socket.close();
    for (const t of apps) await t.close();
    await deleteRedisPrefix(prefix);
  });

  it('a newer session on B supersedes the socket on A; the older session is refused on B', async () => {
    const [a, b] = apps;
    const first = await devLogin(a.url, 'two-tabs');
    const onA = await play(a.url, first, sockets);
    const second = await nextSession(a.url, first);
    const onB = await play(b.url, second, sockets);
    await until(() => onA.events.some((e) => e.type === 'disconnect'), 3000, 'the socket on A closed');
    expect(onA.events.slice(-2)).toEqual([
      { type: 'status', status: { status: 'superseded' } },
      { type: 'disconnect', reason: 'io server disconnect' },
    ]);
    expect(onB.lastStatus()).toEqual({ status: 'playing', afkAt: onA.statuses()[0].afkAt, charges: 1 });
    const stale = openPlay(b.url, first.accessToken);
    sockets.push(stale);
    await until(() => stale.events.some((e) => e.type === 'disconnect'), 3000, 'the stale socket closed');
    expect(stale.statuses()).toEqual([{ status: 'superseded' }]);
    expect(onB.socket.connected).toBe(true);
  });
});

describe('bans across instances', () => {
  const prefix = uniqueRedisPrefix('ban');
  const apps: TestApp[] = [];
  const sockets: WatchedSocket[] = [];

  beforeAll(async () => {
    for (const id of ['ban-a', 'ban-b']) apps.push(await startHotStateApp(id, { url: TEST_REDIS_URL, keyPrefix: prefix }));
    for (const t of apps) t.app.get(AdmissionLoad).useReading(() => ({ eventLoopDelayMs: 0, bytesPerSecond: 0 }));
  });
  afterAll(async () => {
    for (const w of sockets.splice(0)) w.socket.close();
    for (const t of apps) await t.close();
    await deleteRedisPrefix(prefix);
  });

  it('a ban on one instance closes the socket of the player on another: notice, afk, close', async () => {
    const [a, b] = apps;
    const session = await devLogin(a.url, 'banned-elsewhere');
    const w = await play(b.url, session, sockets);
    expect(w.lastStatus()?.status).toBe('playing');
    await a.app.get(UsersService).ban(session.body.user.id, Date.now() + 60_000, 'test');
    await until(() => w.events.some((e) => e.type === 'disconnect'), 3000, 'socket closed on the other instance');
    expect(w.events.slice(-3)).toEqual([
      { type: 'notice', message: 'You have been banned from placing pixels.' },
      { type: 'status', status: { status: 'afk' } },
      { type: 'disconnect', reason: 'io server disconnect' },
    ]);
    expect(await b.app.get(PresenceService).view(session.body.user.id)).toEqual({ status: 'afk' });
  });
});

describe('rate limits shared by three instances', () => {
  const prefix = uniqueRedisPrefix('limits');
  const apps: TestApp[] = [];

  beforeAll(async () => {
    const env = { RATE_LIMIT_PER_MIN: '40', AUTH_RATE_LIMIT_PER_MIN: '3', FEEDBACK_RATE_LIMIT_PER_MIN: '2' };
    for (const id of ['rl-a', 'rl-b', 'rl-c']) apps.push(await startHotStateApp(id, { url: TEST_REDIS_URL, keyPrefix: prefix }, env));
  });
  afterAll(async () => {
    for (const t of apps) await t.close();
    await deleteRedisPrefix(prefix);
  });

  it('the auth limit and the feedback limit count per client over every instance', async () => {
    const logins = [];
    for (let i = 0; i < 4; i++) logins.push(await post(apps[i % 3].url, '/api/auth/dev', { name: `limit-${i}` }));
    expect(logins.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    const { accessToken } = (await logins[0].json()) as { accessToken: string };
    const feedback = [];
    for (const t of apps)
      feedback.push((await post(t.url, '/api/feedback', { message: 'hello from the cluster test' }, { authorization: `Bearer ${accessToken}` })).status);
    expect(feedback).toEqual([201, 201, 429]);
  });

  it('the API budget of one client holds across instances', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 60; i++) answers.push((await fetch(`${apps[i % 3].url}/api/config`)).status);
    expect(answers.filter((s) => s === 200).length).toBeLessThanOrEqual(40);
    expect(answers.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
  });
});

describe('Redis unreachable, then back (a private redis-server)', () => {
  let server: PrivateRedis;
  let app: TestApp;
  const sockets: WatchedSocket[] = [];

  beforeAll(async () => {
    server = await startPrivateRedis();
    app = await startHotStateApp('down-a', { url: server.url, keyPrefix: uniqueRedisPrefix('down') }, { COOLDOWN_MS: '0' });
  });
  afterAll(async () => {
    for (const w of sockets.splice(0)) w.socket.close();
    await app?.close();
    await server?.stop();
  });

  it('placements answer 503 STORAGE_UNAVAILABLE at once, reads keep working, and everything recovers by itself', async () => {
    const session = await devLogin(app.url, 'outage');
    const w = await play(app.url, session, sockets);
    expect(w.lastStatus()?.status).toBe('playing');
    expect((await place(app.url, session)).status).toBe(201);

    await server.stop();
    const started = performance.now();
    const refused = await place(app.url, session, 2, 2);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(performance.now() - started).toBeLessThan(2500);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => place(app.url, session, i, 3)));
    expect(answers.every((r) => r.status === 503)).toBe(true);
    expect((await fetch(`${app.url}/api/canvas`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/config`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/canvas/pixel?x=1&y=1`)).status).toBe(200);

    // an empty Redis comes back (no persistence): the live socket registers again by itself
    const before = w.statuses().length;
    await server.start();
    await until(() => w.statuses().length > before, 10_000, 'status after Redis returned');
    expect(w.lastStatus()?.status).toBe('playing');
    await expect.poll(async () => (await place(app.url, session, 4, 4)).status, { timeout: 10_000, interval: 200 }).toBe(201);
    expect(w.events.some((e) => e.type === 'disconnect')).toBe(false);
  });
});
