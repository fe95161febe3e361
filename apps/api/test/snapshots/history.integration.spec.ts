import { DEFAULT_PALETTE, HistoryEntry } from '@pixel-wars/protocol';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { HistoryRepository } from '../../src/app/snapshots/history/history.repository';
import { HistoryService } from '../../src/app/snapshots/history/history.service';
import { startTestApp, TestApp } from '../support/test-app';
import { hexToRgb } from './media';

async function listHistory(url: string): Promise<HistoryEntry[]> {
  const res = await fetch(`${url}/api/history`);
  expect(res.status).toBe(200);
  return (await res.json()) as HistoryEntry[];
}

async function fetchPng(url: string, path: string) {
  const res = await fetch(`${url}${path}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
  return {
    res,
    width: png.width,
    height: png.height,
    rgb: (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)],
  };
}

describe('history snapshots over HTTP', () => {
  let t: TestApp;
  let canvas: CanvasService;
  let history: HistoryService;

  beforeAll(async () => {
    t = await startTestApp({ HISTORY_EVERY_MS: '1000' });
    canvas = t.app.get(CanvasService);
    history = t.app.get(HistoryService);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('starts empty: a never painted canvas is not archived', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    expect(await listHistory(t.url)).toEqual([]);
  });

  it('takes a snapshot on demand, lists it and serves the full-resolution PNG', async () => {
    await canvas.place(5, 7, 2, 'history-test', 'history test');
    const entry = await history.captureNow();
    expect(entry).toMatchObject({ game: canvas.game, version: canvas.version, url: `/api/history/${entry.id}.png` });
    expect(typeof entry.takenAt).toBe('number');
    expect(await listHistory(t.url)).toEqual([entry]);

    const image = await fetchPng(t.url, entry.url);
    expect([image.width, image.height]).toEqual([64, 48]);
    expect(image.rgb(5, 7)).toEqual(hexToRgb(DEFAULT_PALETTE[2]));
    expect(image.rgb(0, 0)).toEqual(hexToRgb(DEFAULT_PALETTE[31]));
    expect(image.res.headers.get('etag')).toBe(`"history-${entry.id}"`);

    const again = await fetch(`${t.url}${entry.url}`, { headers: { 'if-none-match': `"history-${entry.id}"` } });
    expect(again.status).toBe(304);
    // the same version is stored once
    expect(await history.captureNow()).toEqual(entry);
  });

  it('archives every HISTORY_EVERY_MS when the canvas changed', async () => {
    const before = (await listHistory(t.url)).length;
    await canvas.place(6, 7, 12, 'history-test', 'history test');
    const version = canvas.version;
    await expect.poll(async () => (await history.list()).some((e) => e.version === version), { timeout: 3000, interval: 50 }).toBe(true);
    const entries = await listHistory(t.url);
    expect(entries.length).toBe(before + 1);
    expect(entries[0].version).toBe(version);
    const image = await fetchPng(t.url, entries[0].url);
    expect(image.rgb(6, 7)).toEqual(hexToRgb(DEFAULT_PALETTE[12]));
    // unchanged since: no new snapshot on the next periods
    await new Promise((r) => setTimeout(r, 1200));
    expect((await listHistory(t.url)).length).toBe(before + 1);
  });

  it('archives the canvas before a clear and before a new game, newest first', async () => {
    await canvas.place(1, 1, 27, 'history-test', 'history test');
    const beforeClear = canvas.version;
    const game = canvas.game;
    await canvas.reset(31, 'test-admin');
    await canvas.place(2, 2, 6, 'history-test', 'history test');
    const beforeNewGame = canvas.version;
    await canvas.newGame({ width: 20, height: 10 }, 'test-admin');
    await history.settle();

    const entries = await listHistory(t.url);
    const [newest, previous] = entries;
    expect(newest).toMatchObject({ game, version: beforeNewGame });
    expect(previous).toMatchObject({ game, version: beforeClear });
    expect(entries.map((e) => Number(e.id))).toEqual([...entries.map((e) => Number(e.id))].sort((a, b) => b - a));

    const cleared = await fetchPng(t.url, previous.url);
    expect(cleared.rgb(1, 1)).toEqual(hexToRgb(DEFAULT_PALETTE[27]));
    const ended = await fetchPng(t.url, newest.url);
    expect([ended.width, ended.height]).toEqual([64, 48]);
    expect(ended.rgb(2, 2)).toEqual(hexToRgb(DEFAULT_PALETTE[6]));
    expect(ended.rgb(1, 1)).toEqual(hexToRgb(DEFAULT_PALETTE[31]));

    await canvas.place(19, 9, 3, 'history-test', 'history test');
    const resized = await fetchPng(t.url, (await history.captureNow()).url);
    expect([resized.width, resized.height]).toEqual([20, 10]);
    expect(resized.rgb(19, 9)).toEqual(hexToRgb(DEFAULT_PALETTE[3]));
  });

  it('pages with limit and before, and answers JSON errors', async () => {
    const all = await listHistory(t.url);
    const page = (await (await fetch(`${t.url}/api/history?limit=2&before=${all[0].id}`)).json()) as HistoryEntry[];
    expect(page).toEqual(all.slice(1, 3));
    const bad = await fetch(`${t.url}/api/history?limit=0`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_REQUEST' });
    for (const path of ['/api/history/999999.png', '/api/history/abc.png', '/api/history/1.gif']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('cache-control') ?? '').not.toContain('immutable');
      expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});

describe('GET /api/history page size', () => {
  it('answers at most 100 entries without limit (a year is ~52,000); limit and before page on', async () => {
    const t = await startTestApp({});
    try {
      const repository = t.app.get(HistoryRepository);
      for (let i = 1; i <= 130; i++) {
        await repository.insert({
          game: 1,
          version: i,
          width: 64,
          height: 48,
          takenAt: 1_700_000_000_000 + i,
          reason: 'periodic',
          imageKey: `k${i}`,
          bytes: 1,
        });
      }
      const first = await listHistory(t.url);
      expect(first).toHaveLength(100);
      expect(first[0].version).toBe(130);
      const rest = (await (await fetch(`${t.url}/api/history?before=${first[99].id}`)).json()) as HistoryEntry[];
      expect(rest.map((e) => e.version)).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
      expect((await (await fetch(`${t.url}/api/history?limit=130`)).json()) as HistoryEntry[]).toHaveLength(130);
    } finally {
      await t.close();
    }
  });
});

describe('history retention (HISTORY_KEEP)', () => {
  it('keeps the newest N plus the final image before a clear, and deletes the other files', async () => {
    const t = await startTestApp({ HISTORY_KEEP: '2' });
    try {
      const canvas = t.app.get(CanvasService);
      const history = t.app.get(HistoryService);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        await canvas.place(i, 0, 2, 'history-test', 'history test');
        ids.push((await history.captureNow()).id);
      }
      await canvas.place(9, 9, 2, 'history-test', 'history test');
      await canvas.reset(31, 'test-admin'); // archived as "clear"
      await history.settle();
      const archivedClear = (await history.list())[0];
      for (let i = 0; i < 2; i++) {
        await canvas.place(i, 1, 2, 'history-test', 'history test');
        ids.push((await history.captureNow()).id);
      }
      const kept = (await listHistory(t.url)).map((e) => e.id);
      expect(kept).toEqual([ids[4], ids[3], archivedClear.id]);
      const files = readdirSync(join(t.dataDir, 'history', `game-${canvas.game}`));
      expect(files.length).toBe(3);
      const gone = await fetch(`${t.url}/api/history/${ids[0]}.png`);
      expect(gone.status).toBe(404);
      expect(existsSync(join(t.dataDir, 'history'))).toBe(true);
    } finally {
      await t.close();
    }
  });
});
