import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyBatchRecords,
  base64ToBytes,
  decodeBatchFrame,
  decodeChangesAnswer,
  decodeSnapshot,
  DEFAULT_PALETTE,
  RESET_X,
  readRecord,
} from '@pixel-wars/protocol';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { readBytes, startTestApp, TestApp } from '../support/test-app';
import { joinAsPlayer, TestPlayer, waitFor } from '../support/players';

async function getSnapshot(url: string) {
  return decodeSnapshot(await readBytes(await fetch(`${url}/api/canvas`)));
}

describe('canvas over HTTP and /play', () => {
  let t: TestApp;
  let alice: TestPlayer;
  const frames: Uint8Array[] = [];

  beforeAll(async () => {
    t = await startTestApp({ SNAPSHOT_EVERY: '10', GUEST_POLL_MS: '200' });
    alice = await joinAsPlayer(t.url, 'alice');
    alice.socket.on('pixels', (b64) => frames.push(base64ToBytes(b64)));
  });
  afterAll(async () => {
    alice?.close();
    await t?.close();
  });

  it('serves the client configuration', async () => {
    const res = await fetch(`${t.url}/api/config`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      width: 64,
      height: 48,
      palette: [...DEFAULT_PALETTE],
      backgroundColor: 31,
      cooldownMs: 0,
      afkAfterMs: 120000,
      guestPollMs: 200,
    });
    expect(body.auth).toHaveProperty('google', null);
    expect(typeof body.auth.dev).toBe('boolean');
    expect(body.captcha).toBe('off');
    expect((await fetch(`${t.url}/api/captcha/challenge`)).status).toBe(404);
  });

  it('serves a blank snapshot with an ETag and answers 304 to If-None-Match', async () => {
    const res = await fetch(`${t.url}/api/canvas`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/octet-stream');
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    const snapshot = decodeSnapshot(await readBytes(res));
    expect(res.headers.get('x-canvas-version')).toBe(String(snapshot.version));
    expect(snapshot.width).toBe(64);
    expect(snapshot.height).toBe(48);
    const again = await fetch(`${t.url}/api/canvas`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('accepts a placement once durable, broadcasts it and names its author', async () => {
    const before = t.app.get(CanvasService).version;
    const res = await alice.place(3, 4, 5);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.version).toBe(before + 1);
    expect(typeof body.cooldownUntil).toBe('number');
    await waitFor(() =>
      frames.some((f) => {
        const b = decodeBatchFrame(f);
        return b.firstVersion <= body.version && body.version < b.firstVersion + b.count;
      }),
    );
    const info = await (await fetch(`${t.url}/api/canvas/pixel?x=3&y=4`)).json();
    expect(info).toMatchObject({ x: 3, y: 4, color: 5, version: body.version, user: { name: 'alice' } });
    expect(typeof info.placedAt).toBe('number');
  });

  it('keeps versions dense under concurrent placements and every socket sees them in order', async () => {
    const players = await Promise.all(Array.from({ length: 8 }, (_, i) => joinAsPlayer(t.url, `p${i}`)));
    const start = t.app.get(CanvasService).version;
    const responses = await Promise.all(Array.from({ length: 80 }, (_, i) => players[i % players.length].place(i % 64, (i * 7) % 48, i % 32)));
    const versions = await Promise.all(
      responses.map(async (r) => {
        expect(r.status).toBe(201);
        return (await r.json()).version as number;
      }),
    );
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => start + 1 + i));
    const end = start + 80;
    await waitFor(
      () =>
        frames.length > 0 &&
        (() => {
          const b = decodeBatchFrame(frames[frames.length - 1]);
          return b.firstVersion + b.count - 1 >= end;
        })(),
    );
    // frames are contiguous: each starts right after the previous one
    let expected = decodeBatchFrame(frames[0]).firstVersion;
    for (const f of frames) {
      const b = decodeBatchFrame(f);
      expect(b.firstVersion).toBe(expected);
      expected += b.count;
    }
    players.forEach((p) => p.close());
  });

  it('answers /changes with a delta from the pool and a snapshot when asked for nothing or the future', async () => {
    const current = t.app.get(CanvasService).version;
    const delta = decodeChangesAnswer(await readBytes(await fetch(`${t.url}/api/canvas/changes?since=${current - 3}`)));
    expect(delta.kind).toBe('delta');
    if (delta.kind === 'delta') {
      expect(delta.batch.firstVersion).toBe(current - 2);
      expect(delta.batch.count).toBe(3);
    }
    const empty = decodeChangesAnswer(await readBytes(await fetch(`${t.url}/api/canvas/changes?since=${current}`)));
    expect(empty).toMatchObject({ kind: 'delta', batch: { firstVersion: current + 1, count: 0 } });
    for (const query of ['', '?since=999999999']) {
      const answer = decodeChangesAnswer(await readBytes(await fetch(`${t.url}/api/canvas/changes${query}`)));
      expect(answer.kind).toBe('snapshot');
      if (answer.kind === 'snapshot') {
        const pixels = answer.snapshot.pixels.slice();
        applyBatchRecords(pixels, answer.snapshot.width, answer.batch);
        expect(answer.snapshot.version + answer.batch.count).toBe(current);
        expect(Buffer.from(pixels).equals(Buffer.from(t.app.get(CanvasService).pixels()))).toBe(true);
      }
    }
    for (const bad of ['-1', 'abc', '1.5', '1e3', '']) {
      const res = await fetch(`${t.url}/api/canvas/changes?since=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'INVALID_VERSION' });
    }
  });

  it('keeps the snapshot fresh: every N versions and after the guest poll interval', async () => {
    const res = await alice.place(10, 10, 1);
    const { version } = await res.json();
    const deadline = Date.now() + 2000;
    let snapshot = await getSnapshot(t.url);
    while (snapshot.version < version && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      snapshot = await getSnapshot(t.url);
    }
    expect(snapshot.version).toBeGreaterThanOrEqual(version);
    expect(snapshot.pixels[10 * 64 + 10]).toBe(1);
  });

  it('rejects malformed placements with INVALID_PIXEL and never answers 500', async () => {
    const cases: unknown[] = [
      { x: 64, y: 0, color: 1 },
      { x: 0, y: 48, color: 1 },
      { x: -1, y: 0, color: 1 },
      { x: 0, y: 0, color: 32 },
      { x: 0, y: 0, color: -1 },
      { x: 1.5, y: 0, color: 1 },
      { x: '1', y: 0, color: 1 },
      { x: 1, y: 1, color: 1, extra: true },
      { x: 1, y: 1 },
      [1, 2, 3],
      null,
      'pixel',
      42,
    ];
    for (const body of cases) {
      const res = await fetch(`${t.url}/api/canvas/pixels`, { method: 'POST', headers: alice.headers, body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json(), JSON.stringify(body)).toMatchObject({ code: 'INVALID_PIXEL' });
    }
    const tooBig = await fetch(`${t.url}/api/canvas/pixels`, {
      method: 'POST',
      headers: alice.headers,
      body: JSON.stringify({ x: 1, y: 1, color: 1, pad: 'x'.repeat(2000) }),
    });
    expect(tooBig.status).toBe(413);
    const notJson = await fetch(`${t.url}/api/canvas/pixels`, { method: 'POST', headers: { ...alice.headers, 'content-type': 'text/plain' }, body: 'x=1' });
    expect(notJson.status).toBe(415);
    const broken = await fetch(`${t.url}/api/canvas/pixels`, { method: 'POST', headers: alice.headers, body: '{"x":' });
    expect(broken.status).toBe(400);
    expect((await broken.json()).code).toMatch(/^[A-Z_]+$/);
    for (const q of ['x=64&y=0', 'x=0&y=48', 'x=-1&y=0', 'x=a&y=1', 'y=1', '']) {
      const res = await fetch(`${t.url}/api/canvas/pixel?${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'INVALID_PIXEL' });
    }
  });

  it('answers unknown API paths with JSON 404', async () => {
    const res = await fetch(`${t.url}/api/does-not-exist`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('drops a client that emits events on the server → client channel', async () => {
    const mallory = await joinAsPlayer(t.url, 'mallory');
    const disconnected = new Promise<string>((resolve) => mallory.socket.on('disconnect', (reason) => resolve(reason)));
    for (let i = 0; i < 5; i++) (mallory.socket as unknown as { emit(e: string, d: unknown): void }).emit('place', { x: 1 });
    expect(await disconnected).toBe('io server disconnect');
  });

  it('sends an admin reset to sockets as a reset record and forgets the authors', async () => {
    const canvas = t.app.get(CanvasService);
    const version = await canvas.reset(7, 'test');
    await waitFor(() =>
      frames.some((f) => {
        const b = decodeBatchFrame(f);
        return b.firstVersion <= version && version < b.firstVersion + b.count;
      }),
    );
    const frame = frames.map(decodeBatchFrame).find((b) => b.firstVersion <= version && version < b.firstVersion + b.count)!;
    expect(readRecord(frame.records, version - frame.firstVersion)).toEqual({ x: RESET_X, y: 0, color: 7 });
    expect(canvas.pixels().every((p) => p === 7)).toBe(true);
    const info = await (await fetch(`${t.url}/api/canvas/pixel?x=3&y=4`)).json();
    expect(info).toMatchObject({ color: 7, version, user: null });
  });

  it('starts a new game with a new size; older clients catch up by snapshot', async () => {
    const canvas = t.app.get(CanvasService);
    const before = canvas.version;
    const { game, version } = await canvas.newGame({ width: 20, height: 10, color: 2 }, 'test');
    expect(version).toBe(before + 1);
    expect(game).toBeGreaterThan(1);
    const config = await (await fetch(`${t.url}/api/config`)).json();
    expect(config).toMatchObject({ width: 20, height: 10 });
    const answer = decodeChangesAnswer(await readBytes(await fetch(`${t.url}/api/canvas/changes?since=${before - 1}`)));
    expect(answer.kind).toBe('snapshot');
    if (answer.kind === 'snapshot') expect(answer.snapshot).toMatchObject({ width: 20, height: 10, version });
    const placed = await alice.place(19, 9, 4);
    expect(placed.status).toBe(201);
    expect((await alice.place(20, 0, 4)).status).toBe(400);
  });
});

describe('cooldown', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ COOLDOWN_MS: '60000' });
  });
  afterAll(async () => t?.close());

  it('lets exactly one of 50 simultaneous placements by one user through', async () => {
    const bob = await joinAsPlayer(t.url, 'bob');
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => bob.place(i, 0, 1)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(49);
    const refused = responses.find((r) => r.status === 429)!;
    const body = await refused.json();
    expect(body.code).toBe('COOLDOWN');
    expect(body.retryAfterMs).toBeGreaterThan(50_000);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
    bob.close();
  });
});

describe('restart', () => {
  it('keeps canvas and version across a graceful restart', async () => {
    const first = await startTestApp();
    const carol = await joinAsPlayer(first.url, 'carol');
    for (let i = 0; i < 5; i++) expect((await carol.place(i, i, i + 1)).status).toBe(201);
    const version = first.app.get(CanvasService).version;
    const pixels = first.app.get(CanvasService).pixels().slice();
    carol.close();
    await first.close({ keepData: true });
    const second = await startTestApp({}, first.dataDir);
    try {
      expect(second.app.get(CanvasService).version).toBe(version);
      expect(Buffer.from(second.app.get(CanvasService).pixels()).equals(Buffer.from(pixels))).toBe(true);
      const snapshot = await getSnapshot(second.url);
      expect(snapshot.version).toBe(version);
    } finally {
      await second.close();
    }
  });
});
