import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { PlacementLogRepository } from '../../src/app/canvas/placement-log.repository';
import { RollbackService } from '../../src/app/moderation/rollback.service';
import { startTestApp, TestApp } from '../support/test-app';

const W = 5;
const H = 4;
const BACKGROUND = 31;

/**
 * The whole rollback (plan + write pipeline + live bitmap) against a replay model: replay
 * every placement, then each pixel whose last placement is the target's at or after
 * `since` takes the colour before the target's first placement there since then.
 */
describe('rollback through the write pipeline matches a replay model', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CANVAS_WIDTH: String(W), CANVAS_HEIGHT: String(H) });
  });
  afterAll(() => t?.close());

  it('with interleaved placements by others, any window and area', async () => {
    const canvas = t.app.get(CanvasService);
    const log = t.app.get(PlacementLogRepository);
    const rollbacks = t.app.get(RollbackService);
    const placement = fc.record({
      x: fc.integer({ min: 0, max: W - 1 }),
      y: fc.integer({ min: 0, max: H - 1 }),
      color: fc.integer({ min: 0, max: 5 }),
      user: fc.constantFrom('target', 'other1', 'other2'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(placement, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
        fc.nat(),
        fc.option(fc.record({ x: fc.integer({ min: 0, max: W - 1 }), y: fc.integer({ min: 0, max: H - 1 }), width: fc.integer({ min: 1, max: W }), height: fc.integer({ min: 1, max: H }) }), { nil: null }),
        async (bursts, sincePick, rect) => {
          const { version: start } = await canvas.newGame({ color: BACKGROUND }, 'property test');
          // Bursts commit together (one placedAt each), so the window can start between them.
          for (const burst of bursts) {
            await Promise.all(burst.map((p) => canvas.place(p.x, p.y, p.color, p.user, p.user)));
            await new Promise((r) => setTimeout(r, 2));
          }
          const changes = await log.changesAfter(start, 10_000);
          const since = changes.length === 0 ? 0 : changes[sincePick % changes.length].placedAt;

          const expected = canvas.pixels().slice();
          const area = rect ?? { x: 0, y: 0, width: W, height: H };
          let expectedAffected = 0;
          for (let y = area.y; y < Math.min(H, area.y + area.height); y++) {
            for (let x = area.x; x < Math.min(W, area.x + area.width); x++) {
              const here = changes.filter((c) => c.x === x && c.y === y);
              const last = here.at(-1);
              if (!last || last.userId !== 'target' || last.placedAt < since) continue;
              const first = here.findIndex((c) => c.userId === 'target' && c.placedAt >= since);
              expected[y * W + x] = first > 0 ? here[first - 1].color : BACKGROUND;
              expectedAffected++;
            }
          }

          const head = canvas.version;
          const plan = await rollbacks.plan({ userId: 'target', sinceMs: since, rect });
          const result = await rollbacks.apply(plan, 'property test');
          expect(result.affected).toBe(expectedAffected);
          expect(result).toEqual(expectedAffected === 0 ? { affected: 0, fromVersion: head, toVersion: head } : { affected: expectedAffected, fromVersion: head + 1, toVersion: head + expectedAffected });
          expect(canvas.version).toBe(head + expectedAffected);
          expect([...canvas.pixels()]).toEqual([...expected]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
