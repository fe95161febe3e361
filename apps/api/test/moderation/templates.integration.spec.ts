import { bytesToBase64 } from '@pixel-wars/protocol';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { TestPlayer } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';
import { joinPlaying, signIn } from './sign-in';

describe('templates (docs/protocol.md 9) over HTTP', () => {
  let t: TestApp;
  let owner: { id: string; headers: Record<string, string> };
  let other: { id: string; headers: Record<string, string> };
  let admin: { id: string; headers: Record<string, string> };
  let griefer: TestPlayer;
  let builder: TestPlayer;
  const web = mkdtempSync(join(tmpdir(), 'pixel-wars-web-'));

  const post = (headers: Record<string, string>, body: unknown) => fetch(`${t.url}/api/templates`, { method: 'POST', headers, body: JSON.stringify(body) });
  // A 3x2 template at (10, 5): colours 1 2 3 / 4 transparent 6.
  const heart = { name: 'Heart', x: 10, y: 5, width: 3, height: 2, pixels: bytesToBase64(new Uint8Array([1, 2, 3, 4, 255, 6])) };

  beforeAll(async () => {
    mkdirSync(web, { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Pixel Wars PWA</title>');
    t = await startTestApp({
      ADMIN_EMAILS: 'root@dev.local',
      TEMPLATES_PER_USER: '2',
      TEMPLATE_MAX_SIZE: '300',
      CANVAS_WIDTH: '400',
      CANVAS_HEIGHT: '300',
      WEB_DIST_DIR: web,
    });
    owner = await signIn(t.url, 'olga');
    other = await signIn(t.url, 'oscar');
    admin = await signIn(t.url, 'root');
    griefer = await joinPlaying(t.url, 'gary');
    builder = await joinPlaying(t.url, 'bella');
  });
  afterAll(async () => {
    griefer?.close();
    builder?.close();
    await t?.close();
  });

  it('creates a template (201 {id, url}) and shows it to anyone with owner and live progress', async () => {
    const created = await post(owner.headers, heart);
    expect(created.status).toBe(201);
    const { id, url } = (await created.json()) as { id: string; url: string };
    expect(url).toBe(`/t/${id}`);
    const res = await fetch(`${t.url}/api/templates/${id}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      id,
      name: 'Heart',
      x: 10,
      y: 5,
      width: 3,
      height: 2,
      pixels: heart.pixels,
      owner: { id: owner.id, name: 'olga' },
      progress: { matching: 0, total: 5, percent: 0 },
    });
    expect(typeof body.createdAt).toBe('number');
    expect((await builder.place(10, 5, 1)).status).toBe(201);
    expect((await builder.place(11, 5, 2)).status).toBe(201);
    const progress = (await (await fetch(`${t.url}/api/templates/${id}`)).json()).progress;
    expect(progress).toEqual({ matching: 2, total: 5, percent: 40 });
  });

  it('lists the grief list: wrong pixels, most recently overwritten first, with who did it', async () => {
    const { id } = (await (await post(other.headers, { ...heart, name: 'Grief test', x: 20 })).json()) as { id: string };
    for (const [x, y, c] of [
      [20, 5, 1],
      [21, 5, 2],
      [22, 5, 3],
    ]) {
      expect((await builder.place(x, y, c)).status).toBe(201);
    }
    expect((await griefer.place(21, 5, 9)).status).toBe(201);
    expect((await griefer.place(20, 5, 9)).status).toBe(201);
    const wrong = (await (await fetch(`${t.url}/api/templates/${id}/wrong?limit=10`)).json()) as Array<Record<string, unknown>>;
    const version = t.app.get(CanvasService).version;
    const griefName = { id: expect.any(String), name: 'gary' };
    expect(wrong).toEqual([
      { x: 20, y: 5, want: 1, have: 9, version, user: griefName },
      { x: 21, y: 5, want: 2, have: 9, version: version - 1, user: griefName },
      { x: 20, y: 6, want: 4, have: 31, version: 0, user: null },
      { x: 22, y: 6, want: 6, have: 31, version: 0, user: null },
    ]);
    expect(await (await fetch(`${t.url}/api/templates/${id}/wrong?limit=1`)).json()).toEqual([wrong[0]]);
    expect((await fetch(`${t.url}/api/templates/${id}/wrong?limit=0`)).status).toBe(400);
  });

  it('refuses bad templates (400 INVALID_TEMPLATE), guests (401) and more than TEMPLATES_PER_USER (403 TEMPLATE_LIMIT)', async () => {
    const bad = await post(owner.headers, { ...heart, x: 399 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('INVALID_TEMPLATE');
    expect((await post(owner.headers, { ...heart, width: 301, height: 1, x: 0, pixels: bytesToBase64(new Uint8Array(301)) })).status).toBe(400);
    expect((await post({ 'content-type': 'application/json' }, heart)).status).toBe(401);
    expect((await post(owner.headers, { ...heart, name: 'second' })).status).toBe(201);
    const third = await post(owner.headers, { ...heart, name: 'third' });
    expect(third.status).toBe(403);
    expect((await third.json()).code).toBe('TEMPLATE_LIMIT');
  });

  it('takes a template of the largest size (300x300: a 120 kB body)', async () => {
    const pixels = new Uint8Array(300 * 300).map((_, i) => i % 16);
    const res = await post(admin.headers, { name: 'Big', x: 0, y: 0, width: 300, height: 300, pixels: bytesToBase64(pixels) });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const wrong = (await (await fetch(`${t.url}/api/templates/${id}/wrong?limit=1000`)).json()) as unknown[];
    expect(wrong).toHaveLength(1000);
  });

  it('GET /api/templates?owner=me lists the caller’s; DELETE is for the owner or an admin', async () => {
    const mine = (await (await fetch(`${t.url}/api/templates?owner=me`, { headers: owner.headers })).json()) as Array<{ id: string; name: string }>;
    expect(mine.map((m) => m.name)).toEqual(['second', 'Heart']);
    expect((await fetch(`${t.url}/api/templates?owner=me`)).status).toBe(401);
    expect((await fetch(`${t.url}/api/templates`, { headers: owner.headers })).status).toBe(400);
    const [second, first] = mine;
    expect((await fetch(`${t.url}/api/templates/${second.id}`, { method: 'DELETE', headers: other.headers })).status).toBe(403);
    expect((await fetch(`${t.url}/api/templates/${second.id}`, { method: 'DELETE', headers: owner.headers })).status).toBe(204);
    expect((await fetch(`${t.url}/api/templates/${first.id}`, { method: 'DELETE', headers: admin.headers })).status).toBe(204);
    expect((await fetch(`${t.url}/api/templates/${first.id}`)).status).toBe(404);
    expect((await fetch(`${t.url}/api/templates/${first.id}`, { method: 'DELETE', headers: owner.headers })).status).toBe(404);
  });

  it('serves the PWA for /t/<id> (SPA fallback), not for /api/templates', async () => {
    const page = await fetch(`${t.url}/t/abc123`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Pixel Wars PWA');
    expect((await fetch(`${t.url}/api/templates/abc123`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });

  it('a new game starts without templates', async () => {
    const { id } = (await (await post(other.headers, { ...heart, name: 'old game' })).json()) as { id: string };
    await t.app.get(CanvasService).newGame({}, 'test');
    expect((await fetch(`${t.url}/api/templates/${id}`)).status).toBe(404);
    expect(await (await fetch(`${t.url}/api/templates?owner=me`, { headers: other.headers })).json()).toEqual([]);
  });
});
