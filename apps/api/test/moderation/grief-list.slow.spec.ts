import { bytesToBase64 } from '@pixel-wars/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { RollbackService } from '../../src/app/moderation/rollback.service';
import { mismatches } from '../../src/app/templates/template-progress';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { startTestApp, TestApp } from '../support/test-app';
import { signIn } from './sign-in';

const SIDE = 512;
const PLACEMENTS = 200_000;
/** The last quarter of the placements is the griefer's (so most of it is still visible). */
const GRIEFER_FROM = 150_000;

/**
 * The grief list of the largest template, every pixel wrong, over a log of 200,000
 * placements; and a rollback of the griefer's last 50,000 placements. Prints the times (docs/benchmarks.md).
 */
describe.each(['sqlite', 'postgres'] as const)('grief list and rollback at full size on %s', (engine) => {
  let t: TestApp;
  let pg: TestDatabase | null = null;

  beforeAll(async () => {
    pg = engine === 'postgres' ? await createTestDatabase('grief') : null;
    t = await startTestApp({ CANVAS_WIDTH: '1024', CANVAS_HEIGHT: '1024', ...(pg ? { DATABASE_URL: pg.url } : {}) });
    const canvas = t.app.get(CanvasService);
    let seed = 7;
    const next = () => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let z = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      z = (z + Math.imul(z ^ (z >>> 7), 61 | z)) ^ z;
      return (z ^ (z >>> 14)) >>> 0;
    };
    for (let done = 0; done < PLACEMENTS; done += 10_000) {
      await Promise.all(
        Array.from({ length: 10_000 }, (_, i) => {
          const user = done + i >= GRIEFER_FROM ? 'griefer' : `player${next() % 50}`;
          return canvas.place(next() % SIDE, next() % SIDE, next() % 4, user, user);
        }),
      );
    }
  }, 600_000);
  afterAll(async () => {
    await t?.close();
    await pg?.drop();
  }, 180_000);

  it('answers /wrong?limit=1000 for a fully wrong 512x512 template', async () => {
    const owner = await signIn(t.url, 'olga');
    const pixels = bytesToBase64(new Uint8Array(SIDE * SIDE).fill(5));
    const created = await fetch(`${t.url}/api/templates`, {
      method: 'POST',
      headers: owner.headers,
      body: JSON.stringify({ name: 'Big', x: 0, y: 0, width: SIDE, height: SIDE, pixels }),
    });
    const { id } = (await created.json()) as { id: string };
    const template = { x: 0, y: 0, width: SIDE, height: SIDE, pixels: new Uint8Array(SIDE * SIDE).fill(5) };
    const compareStarted = performance.now();
    mismatches(template, { width: 1024, height: 1024, pixels: t.app.get(CanvasService).pixels() });
    const compareMs = performance.now() - compareStarted;
    const started = performance.now();
    const wrong = (await (await fetch(`${t.url}/api/templates/${id}/wrong?limit=1000`)).json()) as Array<{ version: number }>;
    const ms = performance.now() - started;
    const progressStarted = performance.now();
    await fetch(`${t.url}/api/templates/${id}`);
    const progressMs = performance.now() - progressStarted;
    console.log(
      `[${engine}] /wrong 512x512 all wrong, log ${PLACEMENTS}: ${ms.toFixed(0)} ms (its synchronous comparison with the bitmap: ${compareMs.toFixed(0)} ms); GET with progress ${progressMs.toFixed(0)} ms`,
    );
    expect(wrong).toHaveLength(1000);
    expect(wrong[0].version).toBe(t.app.get(CanvasService).version);
    expect(ms).toBeLessThan(30_000);
  });

  it('rolls back the griefer on the whole canvas', async () => {
    const rollbacks = t.app.get(RollbackService);
    let started = performance.now();
    const plan = await rollbacks.plan({ userId: 'griefer', sinceMs: 0, rect: null });
    const planMs = performance.now() - started;
    started = performance.now();
    const result = await rollbacks.apply(plan, 'bench');
    const applyMs = performance.now() - started;
    console.log(`[${engine}] rollback plan of ${plan.pixels.length} pixels (log ${PLACEMENTS}): ${planMs.toFixed(0)} ms; apply ${applyMs.toFixed(0)} ms`);
    expect(result.affected).toBe(plan.pixels.length);
    expect(result.toVersion - result.fromVersion + 1).toBe(plan.pixels.length);
  });
});
