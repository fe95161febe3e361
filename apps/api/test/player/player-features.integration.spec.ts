import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes, decodeBatchFrame, decodeSnapshot, type LeaderboardEntry, type MeResponse, readRecord } from '@pixel-wars/protocol';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { HeatmapService } from '../../src/app/heatmap/heatmap.service';
import { LeaderboardService } from '../../src/app/leaderboard/leaderboard.service';
import { joinAsPlayer, TestPlayer, waitFor } from '../support/players';
import { readBytes, startTestApp, TestApp } from '../support/test-app';

const undo = (url: string, player: TestPlayer) => fetch(`${url}/api/canvas/pixels/undo`, { method: 'POST', headers: player.headers });
const colorAt = (t: TestApp, x: number, y: number) => t.app.get(CanvasService).pixels()[y * t.app.get(CanvasService).width + x];
const json = async <T>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;

describe('charges, undo, leaderboard, heatmap (one instance, SQLite)', () => {
  let t: TestApp;
  const players: TestPlayer[] = [];
  const join = async (name: string) => {
    const p = await joinAsPlayer(t.url, name);
    players.push(p);
    return p;
  };

  beforeAll(async () => {
    t = await startTestApp({ PIXEL_CHARGES: '3', COOLDOWN_MS: '60000', UNDO_WINDOW_MS: '3000' });
  });
  afterAll(async () => {
    for (const p of players) p.close();
    await t?.close();
  });

  it('N + 50 parallel placements of a player with N = 3 charges: exactly N 201s; status and /api/me carry the charges', async () => {
    const racer = await join('racer');
    const answers = await Promise.all(Array.from({ length: 53 }, (_, i) => racer.place(i % 64, 40, 1)));
    const accepted = answers.filter((r) => r.status === 201);
    expect(answers.map((r) => r.status).filter((s) => s !== 201 && s !== 429)).toEqual([]);
    expect(accepted).toHaveLength(3);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(50);
    const bodies = await Promise.all(accepted.map((r) => r.json() as Promise<{ version: number; cooldownUntil: number; charges: number }>));
    expect(bodies.map((b) => b.charges).sort()).toEqual([0, 1, 2]);
    const nextCharge = bodies[0].cooldownUntil;
    expect(bodies.every((b) => b.cooldownUntil === nextCharge)).toBe(true);
    const refused = await json<{ code: string; retryAfterMs: number }>(answers.find((r) => r.status === 429)!);
    expect(refused.code).toBe('COOLDOWN');
    expect(refused.retryAfterMs).toBeGreaterThan(55_000);
    await waitFor(() => racer.statuses.at(-1)?.charges === 0);
    expect(racer.statuses.at(-1)).toMatchObject({ status: 'playing', charges: 0, nextChargeAt: nextCharge, cooldownUntil: nextCharge });
    const me = await json<MeResponse>(fetch(`${t.url}/api/me`, { headers: racer.headers }));
    expect(me.presence).toMatchObject({ status: 'playing', charges: 0, nextChargeAt: nextCharge });
    const config = await json<{ pixelCharges: number; undoWindowMs: number }>(fetch(`${t.url}/api/config`));
    expect(config).toMatchObject({ pixelCharges: 3, undoWindowMs: 3000 });
  });

  it('undo restores the colour with a new broadcast change and gives the charge back; only once', async () => {
    const alice = await join('alice');
    const frames: Uint8Array[] = [];
    alice.socket.on('pixels', (b64) => frames.push(base64ToBytes(b64)));
    expect((await alice.place(5, 5, 7)).status).toBe(201);
    const placed = await json<{ version: number; charges: number }>(alice.place(5, 5, 9));
    expect(placed.charges).toBe(1);
    const undone = await undo(t.url, alice);
    expect(undone.status).toBe(201);
    expect(await undone.json()).toEqual({ version: placed.version + 1, charges: 2 });
    expect(colorAt(t, 5, 5)).toBe(7);
    await waitFor(() =>
      frames.some((f) => {
        const batch = decodeBatchFrame(f);
        const i = placed.version + 1 - batch.firstVersion;
        return i >= 0 && i < batch.count && readRecord(batch.records, i).color === 7;
      }),
    );
    const info = await json<{ version: number; color: number }>(fetch(`${t.url}/api/canvas/pixel?x=5&y=5`));
    expect(info).toMatchObject({ version: placed.version + 1, color: 7 });
    await waitFor(() => alice.statuses.at(-1)?.charges === 2);
    const again = await undo(t.url, alice);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'UNDO_UNAVAILABLE' });
  });

  it('undo of a never-painted pixel restores the background; refused once someone else painted over it', async () => {
    const bob = await join('bob');
    const carol = await join('carol');
    expect((await bob.place(10, 10, 3)).status).toBe(201);
    expect((await undo(t.url, bob)).status).toBe(201);
    expect(colorAt(t, 10, 10)).toBe(31);
    expect((await bob.place(11, 10, 3)).status).toBe(201);
    expect((await carol.place(11, 10, 4)).status).toBe(201);
    const refused = await undo(t.url, bob);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'UNDO_UNAVAILABLE' });
    expect(colorAt(t, 11, 10)).toBe(4);
    const stranger = await fetch(`${t.url}/api/canvas/pixels/undo`, { method: 'POST' });
    expect(stranger.status).toBe(401);
  });

  it('leaderboard: undone placements do not count, ties by the earlier last placement; the personal line', async () => {
    t.app.get(LeaderboardService).forget();
    const board = await json<LeaderboardEntry[]>(fetch(`${t.url}/api/leaderboard`));
    // racer 3; alice 2 − 1 undone; bob 2 − 1 undone; carol 1 (after bob) — alice's last placement is earliest of the 1s
    expect(board).toEqual([
      { rank: 1, user: { id: expect.any(String), name: 'racer' }, pixels: 3 },
      { rank: 2, user: { id: expect.any(String), name: 'alice' }, pixels: 1 },
      { rank: 3, user: { id: expect.any(String), name: 'bob' }, pixels: 1 },
      { rank: 4, user: { id: expect.any(String), name: 'carol' }, pixels: 1 },
    ]);
    expect(await json(fetch(`${t.url}/api/leaderboard?period=hour&limit=2`))).toEqual(board.slice(0, 2));
    expect(await json(fetch(`${t.url}/api/leaderboard?period=day&limit=100`))).toEqual(board);
    const bob = players.find((p) => p.name === 'bob')!;
    expect(await json(fetch(`${t.url}/api/leaderboard/me?period=game`, { headers: bob.headers }))).toEqual({ rank: 3, pixels: 1 });
    const idle = await join('idle');
    expect(await json(fetch(`${t.url}/api/leaderboard/me`, { headers: idle.headers }))).toEqual({ rank: null, pixels: 0 });
    expect((await fetch(`${t.url}/api/leaderboard/me`)).status).toBe(401);
    for (const q of ['period=week', 'limit=0', 'limit=101', 'limit=abc']) {
      const bad = await fetch(`${t.url}/api/leaderboard?${q}`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'BAD_REQUEST' });
    }
  });

  it('heatmap: a snapshot of activity (log scale), version = head, ETag / 304', async () => {
    t.app.get(HeatmapService).forget();
    const res = await fetch(`${t.url}/api/canvas/heatmap?window=hour`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    const heat = decodeSnapshot(await readBytes(res));
    expect(heat).toMatchObject({ width: 64, height: 48, version: t.app.get(CanvasService).version });
    const at = (x: number, y: number) => heat.pixels[y * heat.width + x];
    expect(at(5, 5)).toBe(51); // 7, 9 and the undo: 3 changes
    expect(at(11, 10)).toBe(33); // bob, carol
    expect(Array.from(heat.pixels.subarray(40 * 64, 41 * 64)).filter((v) => v > 0)).toEqual([1, 1, 1]); // the racer's three
    expect(at(63, 0)).toBe(0);
    expect((await fetch(`${t.url}/api/canvas/heatmap?window=hour`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${t.url}/api/canvas/heatmap?window=day`)).status).toBe(200);
    expect((await fetch(`${t.url}/api/canvas/heatmap?window=week`)).status).toBe(400);
  });
});

describe('undo window', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ UNDO_WINDOW_MS: '300', COOLDOWN_MS: '60000' });
  });
  afterAll(async () => t?.close());

  it('refuses an undo after the window; the charge stays spent', async () => {
    const dan = await joinAsPlayer(t.url, 'dan');
    expect((await dan.place(1, 1, 2)).status).toBe(201);
    await new Promise((r) => setTimeout(r, 400));
    const late = await undo(t.url, dan);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'UNDO_UNAVAILABLE' });
    expect((await dan.place(1, 2, 2)).status).toBe(429);
    dan.close();
  });
});

describe('undo switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ UNDO_WINDOW_MS: '0' });
  });
  afterAll(async () => t?.close());

  it('answers 409 UNDO_UNAVAILABLE', async () => {
    const erin = await joinAsPlayer(t.url, 'erin');
    expect((await erin.place(1, 1, 2)).status).toBe(201);
    const res = await undo(t.url, erin);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'UNDO_UNAVAILABLE' });
    erin.close();
  });
});
