import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatchRecords, decodeChangesAnswer, RECORD_BYTES } from '@pixel-wars/protocol';
import { buildApiOnce, startServerProcess } from '../support/server-process';
import { joinAsPlayer, TestPlayer } from '../support/players';

const WIDTH = 100;
const HEIGHT = 100;
const ENV = {
  CANVAS_WIDTH: String(WIDTH),
  CANVAS_HEIGHT: String(HEIGHT),
  TICK_MS: '20',
  COOLDOWN_MS: '0',
  RATE_LIMIT_PER_MIN: '10000000',
  AUTH_RATE_LIMIT_PER_MIN: '1000000',
  SNAPSHOT_EVERY: '50',
};

async function canvasOf(url: string): Promise<{ version: number; pixels: Uint8Array }> {
  const answer = decodeChangesAnswer(new Uint8Array(await (await fetch(`${url}/api/canvas/changes`)).arrayBuffer()));
  if (answer.kind !== 'snapshot') throw new Error('expected a snapshot answer');
  const pixels = answer.snapshot.pixels.slice();
  applyBatchRecords(pixels, answer.snapshot.width, answer.batch);
  return { version: answer.snapshot.version + answer.batch.records.length / RECORD_BYTES, pixels };
}

describe('durability: kill -9 under load', () => {
  let main: string;
  beforeAll(() => {
    main = buildApiOnce();
  }, 120_000);

  let cleanup: (() => Promise<void>) | null = null;
  afterAll(async () => {
    await cleanup?.();
  });

  it('keeps every acknowledged placement, with dense versions, after SIGKILL and restart', async () => {
    const server = await startServerProcess(main, ENV);
    cleanup = () => server.kill();
    const players: TestPlayer[] = await Promise.all(Array.from({ length: 6 }, (_, i) => joinAsPlayer(server.url, `writer${i}`)));
    // Every placement targets its own pixel, so an acknowledged one must still show its colour.
    const acknowledged = new Map<number, { pixel: number; color: number }>();
    let next = 0;
    let killed = false;
    const writers = players.map(async (player) => {
      while (!killed && next < WIDTH * HEIGHT) {
        const pixel = next++;
        const color = (pixel % 30) + 1;
        try {
          const res = await player.place(pixel % WIDTH, Math.floor(pixel / WIDTH), color);
          if (res.status === 201) acknowledged.set((await res.json()).version, { pixel, color });
        } catch {
          return; // connection refused once the server is gone
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    await server.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    players.forEach((p) => p.close());
    expect(acknowledged.size).toBeGreaterThan(50);

    const restarted = await startServerProcess(main, ENV, server.dataDir);
    cleanup = () => restarted.kill();
    const { version, pixels } = await canvasOf(restarted.url);
    const maxAcked = Math.max(...acknowledged.keys());
    expect(version).toBeGreaterThanOrEqual(maxAcked);
    for (const [, { pixel, color }] of acknowledged) expect(pixels[pixel]).toBe(color);
    // dense: each committed change painted a distinct pixel, so painted pixels == version
    const painted = pixels.reduce((n, p) => n + (p !== 31 ? 1 : 0), 0);
    expect(painted).toBe(version);
    // the restarted server keeps counting from there
    const again = await joinAsPlayer(restarted.url, 'after');
    const res = await again.place(0, 0, 5);
    expect(res.status).toBe(201);
    expect((await res.json()).version).toBe(version + 1);
    again.close();
  }, 60_000);

  it('stops start-up with one clear line naming a bad variable', () => {
    const run = spawnSync(process.execPath, [main], { env: { ...process.env, CANVAS_WIDTH: 'abc' }, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('CANVAS_WIDTH');
  });
});
