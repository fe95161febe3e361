import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse, PlacePixelResponse } from '@pixel-wars/protocol';
import { PresenceService } from '../../src/app/presence/presence.service';
import { AdmissionLoad } from '../../src/app/queue/admission-load';
import { startTestApp, TestApp } from '../support/test-app';
import { claimsOf, devLogin, getMe, nextSession, openPlay, Session, until, WatchedSocket } from '../auth/auth-client';

const AFK_MS = 700;

describe('presence over real /play sockets', () => {
  let t: TestApp;
  const open: WatchedSocket[] = [];
  const players = new Set<string>();

  async function play(session: Session): Promise<WatchedSocket> {
    players.add(session.body.user.id);
    const w = openPlay(t.url, session.accessToken);
    open.push(w);
    await w.connected;
    await until(() => w.statuses().length > 0, 2000, 'first status');
    return w;
  }

  const place = (session: Session, x = 1, y = 1) =>
    fetch(`${t.url}/api/canvas/pixels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
      body: JSON.stringify({ x, y, color: 2 }),
    });

  const me = async (session: Session) => ((await (await getMe(t.url, session.accessToken)).json()) as MeResponse).presence;
  const presence = () => t.app.get(PresenceService);
  const disconnected = (w: WatchedSocket) => w.events.some((e) => e.type === 'disconnect');

  beforeAll(async () => {
    t = await startTestApp({ AFK_AFTER_MS: String(AFK_MS), MAX_PLAYERS: '2', COOLDOWN_MS: '300' });
  });
  afterEach(async () => {
    for (const w of open.splice(0)) w.socket.close();
    t.app.get(AdmissionLoad).useReading(() => ({ eventLoopDelayMs: 0, bytesPerSecond: 0 }));
    for (const id of players) presence().kick(id, 'test over');
    players.clear();
    expect(presence().counts()).toMatchObject({ playing: 0, queued: 0, stalled: 0 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('afk → playing at once when there is room; queued beyond MAX_PLAYERS, in order; queued users may not place', async () => {
    const [a, b, c, d] = await Promise.all(['qa', 'qb', 'qc', 'qd'].map((n) => devLogin(t.url, n)));
    expect(await me(a)).toEqual({ status: 'afk' });
    const wa = await play(a);
    expect(wa.statuses()).toEqual([{ status: 'playing', afkAt: expect.any(Number), charges: 1 }]);
    const wb = await play(b);
    expect(wb.lastStatus()?.status).toBe('playing');
    const wc = await play(c);
    const wd = await play(d);
    expect(wc.statuses()).toEqual([{ status: 'queued', position: 1, queueLength: 1 }]);
    expect(wd.statuses()).toEqual([{ status: 'queued', position: 2, queueLength: 2 }]);
    expect(await me(d)).toEqual({ status: 'queued', position: 2, queueLength: 2 });

    const refused = await place(c);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'NOT_PLAYING', status: 'queued' });
    const nobody = await devLogin(t.url, 'guest');
    expect(await (await place(nobody)).json()).toMatchObject({ code: 'NOT_PLAYING', status: 'afk' });

    // a player leaves for good → the head of the queue is admitted promptly, the next moves up
    wa.socket.close();
    presence().kick(a.body.user.id, 'test');
    await until(() => wc.lastStatus()?.status === 'playing', 1000, 'c admitted');
    await until(() => wd.lastStatus()?.position === 1, 1000, 'd moved up');
    expect(wd.lastStatus()).toEqual({ status: 'queued', position: 1, queueLength: 1 });
  });

  it('playing → afk after the window: `afk` arrives before the close, and the next in line is admitted', async () => {
    const [a, b, c] = await Promise.all(['afa', 'afb', 'afc'].map((n) => devLogin(t.url, n)));
    const wa = await play(a);
    const afkAt = wa.lastStatus()!.afkAt!;
    expect(afkAt).toBeGreaterThan(Date.now());
    expect(afkAt).toBeLessThanOrEqual(Date.now() + AFK_MS);
    await new Promise((r) => setTimeout(r, 150));
    await play(b);
    const wc = await play(c);
    expect(wc.lastStatus()?.status).toBe('queued');

    await until(() => disconnected(wa), AFK_MS + 1000, 'afk close');
    expect(Date.now()).toBeGreaterThanOrEqual(afkAt);
    expect(wa.events.slice(-2)).toEqual([
      { type: 'status', status: { status: 'afk' } },
      { type: 'disconnect', reason: 'io server disconnect' },
    ]);
    await until(() => wc.lastStatus()?.status === 'playing', 500, 'next admitted');
    expect(await me(a)).toEqual({ status: 'afk' });
  });

  it('an accepted pixel restarts the window and the status carries cooldownUntil; the cooldown is enforced', async () => {
    const a = await devLogin(t.url, 'painter');
    const wa = await play(a);
    const firstAfkAt = wa.lastStatus()!.afkAt!;
    await new Promise((r) => setTimeout(r, 200));
    const res = await place(a, 3, 3);
    expect(res.status).toBe(201);
    const body = (await res.json()) as PlacePixelResponse;
    await until(() => wa.lastStatus()?.cooldownUntil !== undefined, 1000, 'status with cooldown');
    const status = wa.lastStatus()!;
    expect(status.status).toBe('playing');
    expect(status.cooldownUntil).toBe(body.cooldownUntil);
    expect(status.afkAt).toBeGreaterThanOrEqual(firstAfkAt + 200);

    const again = await place(a, 4, 4);
    expect(again.status).toBe(429);
    const error = await again.json();
    expect(error).toMatchObject({ code: 'COOLDOWN' });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(again.headers.get('retry-after')).toBeTruthy();
    expect(await me(a)).toMatchObject({
      status: 'playing',
      afkAt: status.afkAt,
      cooldownUntil: body.cooldownUntil,
      charges: 0,
      nextChargeAt: body.cooldownUntil,
    });
  });

  it('stalled → restored on reconnect (page reload: refresh → new session) with the original deadline', async () => {
    const a = await devLogin(t.url, 'reloader');
    const wa = await play(a);
    const afkAt = wa.lastStatus()!.afkAt!;
    wa.socket.close();
    await until(() => presence().counts().stalled === 1, 1000, 'stalled');
    expect(await me(a)).toEqual({ status: 'stalled', afkAt });
    const refused = await place(a);
    expect(await refused.json()).toMatchObject({ code: 'NOT_PLAYING', status: 'stalled' });

    await new Promise((r) => setTimeout(r, 150));
    const reloaded = await nextSession(t.url, a);
    expect(claimsOf(reloaded.accessToken)['sid']).toBeGreaterThan(claimsOf(a.accessToken)['sid'] as number);
    const wr = await play(reloaded);
    expect(wr.statuses()).toEqual([{ status: 'playing', afkAt, charges: 1 }]);
    expect(await me(reloaded)).toEqual({ status: 'playing', afkAt, charges: 1 });
    expect(presence().counts()).toMatchObject({ playing: 1, stalled: 0 });
  });

  it('a stalled player who does not come back is AFK at the original deadline', async () => {
    const a = await devLogin(t.url, 'gone');
    const wa = await play(a);
    const afkAt = wa.lastStatus()!.afkAt!;
    wa.socket.close();
    await until(() => presence().counts().stalled === 1, 1000, 'stalled');
    await until(() => presence().counts().playing === 0, AFK_MS + 1000, 'expired');
    expect(Date.now()).toBeGreaterThanOrEqual(afkAt);
    expect(await me(a)).toEqual({ status: 'afk' });
  });

  it('a socket of an older session gets `superseded` and is closed', async () => {
    const a = await devLogin(t.url, 'twotabs');
    const first = await play(a);
    const newer = await nextSession(t.url, a);
    const second = await play(newer);
    await until(() => disconnected(first), 1000, 'first closed');
    expect(first.events.slice(-2)).toEqual([
      { type: 'status', status: { status: 'superseded' } },
      { type: 'disconnect', reason: 'io server disconnect' },
    ]);
    expect(second.lastStatus()?.status).toBe('playing');
    // the old tab reconnecting with its older token is superseded at once
    const stale = openPlay(t.url, a.accessToken);
    players.add(a.body.user.id);
    open.push(stale);
    await until(() => disconnected(stale), 1000, 'stale closed');
    expect(stale.statuses()).toEqual([{ status: 'superseded' }]);
    expect(second.socket.connected).toBe(true);
  });

  it('a burst of reconnects (tab spam) leaves exactly one live socket and one entry', async () => {
    const [a, b, spammer] = await Promise.all(['sp1', 'sp2', 'spammer'].map((n) => devLogin(t.url, n)));
    await play(a);
    await play(b);
    players.add(spammer.body.user.id);
    const burst = Array.from({ length: 12 }, () => openPlay(t.url, spammer.accessToken));
    open.push(...burst);
    await Promise.all(burst.map((w) => w.connected.catch(() => undefined)));
    await until(() => burst.filter((w) => w.socket.connected).length === 1 && burst.filter(disconnected).length === 11, 2000, 'one survivor');
    const survivor = burst.find((w) => w.socket.connected)!;
    expect(survivor.lastStatus()).toEqual({ status: 'queued', position: 1, queueLength: 1 });
    expect(presence().counts()).toMatchObject({ playing: 2, queued: 1, stalled: 0 });
  });

  it('admission pauses while the load signal is high and resumes when it drops', async () => {
    const load = t.app.get(AdmissionLoad);
    let overloaded = true;
    load.useReading(() => ({ eventLoopDelayMs: overloaded ? 10_000 : 1, bytesPerSecond: 0 }));
    const a = await devLogin(t.url, 'patient');
    const wa = await play(a);
    expect(wa.lastStatus()).toEqual({ status: 'queued', position: 1, queueLength: 1 });
    const metrics = await (await fetch(`${t.url}/api/metrics`)).text();
    expect(metrics).toMatch(/pixelwars_admission_paused_by_load 1/);
    expect(metrics).toMatch(/pixelwars_players_queued 1/);
    expect(metrics).toMatch(/pixelwars_event_loop_delay_p99_ms/);
    expect(metrics).toMatch(/pixelwars_realtime_bytes_per_second/);
    await new Promise((r) => setTimeout(r, 300));
    expect(wa.lastStatus()?.status).toBe('queued');
    overloaded = false;
    await until(() => wa.lastStatus()?.status === 'playing', 2500, 'admitted after the load dropped');
    expect(await (await fetch(`${t.url}/api/metrics`)).text()).toMatch(/pixelwars_admissions_total \d+/);
  });
});
