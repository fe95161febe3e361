import { base64ToBytes, decodeBatchFrame, readRecord } from '@pixel-wars/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminAuditLog } from '../../src/app/admin/admin-audit-log';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { AUDITED_REFUSALS_PER_WINDOW } from '../../src/app/moderation/admin-http.guard';
import { TestPlayer, waitFor } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';
import { joinPlaying, signIn } from './sign-in';

describe('POST /api/admin/rollback (docs/protocol.md 9)', () => {
  let t: TestApp;
  let admin: { id: string; headers: Record<string, string> };
  let griefer: TestPlayer;
  let grieferId: string;
  let builder: TestPlayer;
  const seen = new Map<number, { x: number; y: number; color: number }>();
  const canvas = () => t.app.get(CanvasService);
  const colourAt = (x: number, y: number) => canvas().pixels()[y * canvas().width + x];
  const rollback = (headers: Record<string, string>, body: unknown) =>
    fetch(`${t.url}/api/admin/rollback`, { method: 'POST', headers, body: JSON.stringify(body) });

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAILS: 'root@dev.local' });
    admin = await signIn(t.url, 'root');
    grieferId = (await signIn(t.url, 'gus')).id;
    griefer = await joinPlaying(t.url, 'gus');
    builder = await joinPlaying(t.url, 'bea');
    builder.socket.on('pixels', (b64: string) => {
      const frame = decodeBatchFrame(base64ToBytes(b64));
      for (let i = 0; i < frame.count; i++) seen.set(frame.firstVersion + i, readRecord(frame.records, i));
    });
  });
  afterAll(async () => {
    griefer?.close();
    builder?.close();
    await t?.close();
  });

  it('needs a signed-in admin: 401 without a token, 403 FORBIDDEN (audited) for a player', async () => {
    expect((await rollback({ 'content-type': 'application/json' }, { userId: 'x', sinceMs: 0 })).status).toBe(401);
    const refused = await rollback(builder.headers, { userId: 'x', sinceMs: 0 });
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('FORBIDDEN');
    expect((await t.app.get(AdminAuditLog).latest(1))[0]).toMatchObject({ channel: 'http', action: 'rollback', result: 'denied', actorName: 'bea' });
    // A flood of refused requests is answered, but audited only AUDITED_REFUSALS_PER_WINDOW times.
    for (let i = 0; i < 5; i++) expect((await rollback(builder.headers, { userId: 'x', sinceMs: 0 })).status).toBe(403);
    const denied = (await t.app.get(AdminAuditLog).latest(100)).filter((e) => e.result === 'denied' && e.actorName === 'bea');
    expect(denied).toHaveLength(AUDITED_REFUSALS_PER_WINDOW);
  });

  it('refuses a malformed body with 400 BAD_REQUEST (audited as rejected)', async () => {
    const res = await rollback(admin.headers, { userId: '', sinceMs: -1 });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('BAD_REQUEST');
    expect((await t.app.get(AdminAuditLog).latest(1))[0]).toMatchObject({ channel: 'http', action: 'rollback', result: 'rejected', actorName: 'root' });
  });

  it('dry run reports, then the rollback restores the colours before the griefer as new dense, broadcast changes', async () => {
    for (const [x, y] of [
      [1, 1],
      [2, 1],
      [3, 1],
      [30, 30],
    ]) {
      expect((await builder.place(x, y, 4)).status).toBe(201);
    }
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    for (const [x, y, c] of [
      [1, 1, 7],
      [2, 1, 7],
      [2, 1, 8],
      [3, 1, 7],
      [4, 1, 7],
      [30, 30, 7],
    ]) {
      expect((await griefer.place(x, y, c)).status).toBe(201);
    }
    expect((await builder.place(3, 1, 5)).status).toBe(201); // painted over by someone else: left alone
    const head = canvas().version;

    const dry = await rollback(admin.headers, { userId: grieferId, sinceMs: since, rect: { x: 0, y: 0, width: 10, height: 10 }, dryRun: true });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toEqual({ affected: 3, fromVersion: head, toVersion: head });
    expect(canvas().version).toBe(head);
    expect(colourAt(1, 1)).toBe(7);

    const res = await rollback(admin.headers, { userId: grieferId, sinceMs: since, rect: { x: 0, y: 0, width: 10, height: 10 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ affected: 3, fromVersion: head + 1, toVersion: head + 3 });
    expect(canvas().version).toBe(head + 3);
    expect([colourAt(1, 1), colourAt(2, 1), colourAt(3, 1), colourAt(4, 1), colourAt(30, 30)]).toEqual([4, 4, 5, canvas().backgroundColor, 7]);
    await waitFor(() => seen.has(head + 3), 3000);
    expect([1, 2, 3].map((i) => seen.get(head + i))).toEqual(
      [
        { x: 2, y: 1, color: 4 },
        { x: 1, y: 1, color: 4 },
        { x: 4, y: 1, color: canvas().backgroundColor },
      ].sort((a, b) => a.y - b.y || a.x - b.x),
    );
    const owner = await canvas().pixelOwner(1, 1);
    expect(owner).toMatchObject({ version: expect.any(Number), user: null });
    expect((await t.app.get(AdminAuditLog).latest(1))[0]).toMatchObject({ channel: 'http', action: 'rollback', result: 'ok', actorName: 'root' });

    // Repeating it finds nothing: the pixels are no longer the griefer's.
    expect(await (await rollback(admin.headers, { userId: grieferId, sinceMs: since, rect: { x: 0, y: 0, width: 10, height: 10 } })).json()).toEqual({
      affected: 0,
      fromVersion: head + 3,
      toVersion: head + 3,
    });
    // Without a rect: the rest of the canvas.
    expect(await (await rollback(admin.headers, { userId: grieferId, sinceMs: since })).json()).toEqual({
      affected: 1,
      fromVersion: head + 4,
      toVersion: head + 4,
    });
    expect(colourAt(30, 30)).toBe(4);
  });
});
