import { afterEach, describe, expect, it } from 'vitest';
import { decodeBatchFrame, base64ToBytes } from '@pixel-wars/protocol';
import { loadAppConfig } from '../config/app-config';
import { ConfigurationService } from '../config/configuration.service';
import { MetricsService } from '../health/metrics.service';
import type { PlayGateway } from '../realtime/play.gateway';
import type { CanvasService } from './canvas.service';
import { CanvasTicker } from './canvas-ticker.service';

/** A canvas that always has one new change, and a gateway whose broadcast costs `sendMs` of loop time. */
function harness(sendMs: number, env: Record<string, string>) {
  let version = 0;
  const canvas = {
    takeOutbox: () => {
      version++;
      return { firstVersion: version, records: new Uint8Array([1, 0, 2, 0, 3]) };
    },
  } as unknown as CanvasService;
  const frames: { at: number; firstVersion: number }[] = [];
  const gateway = {
    broadcastPixels: (frame: string) => {
      frames.push({ at: performance.now(), firstVersion: decodeBatchFrame(base64ToBytes(frame)).firstVersion });
      const until = performance.now() + sendMs;
      while (performance.now() < until) {
        // the socket writes of a large audience
      }
      return 5000;
    },
  } as unknown as PlayGateway;
  const metrics = new MetricsService();
  const ticker = new CanvasTicker(new ConfigurationService(loadAppConfig(env)), canvas, gateway, metrics);
  running.push(() => {
    ticker.onModuleDestroy();
    metrics.onModuleDestroy();
  });
  ticker.onApplicationBootstrap();
  return { ticker, metrics, frames };
}

const running: (() => void)[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const medianGap = (frames: { at: number }[]) => {
  const gaps = frames
    .slice(1)
    .map((f, i) => f.at - frames[i].at)
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
};

describe('CanvasTicker', () => {
  afterEach(() => {
    for (const stop of running.splice(0)) stop();
  });

  it('ticks every TICK_MS while the broadcast is cheap', async () => {
    const { ticker, frames } = harness(1, { TICK_MS: '20' });
    await sleep(500);
    expect(frames.length).toBeGreaterThan(12);
    expect(medianGap(frames)).toBeLessThan(35);
    expect(ticker.intervalMs()).toBe(20);
  });

  it('stretches the tick so an expensive broadcast keeps to its share of the loop', async () => {
    const { ticker, metrics, frames } = harness(30, { TICK_MS: '20', BROADCAST_MAX_LOOP_PERCENT: '50' });
    await sleep(900);
    // 30 ms per broadcast at a 50 % share: a tick every ~60 ms, not every 20 ms (which would be back to back).
    expect(ticker.intervalMs()).toBeGreaterThan(55);
    expect(medianGap(frames)).toBeGreaterThan(50);
    expect(frames.length).toBeLessThan(20);
    expect(metrics.tickIntervalMs()).toBe(ticker.intervalMs());
    expect(await metrics.registry.getSingleMetricAsString('pixelwars_tick_interval_ms')).toMatch(/pixelwars_tick_interval_ms \d+/);
    // Versions stay in order and nothing is skipped: the frames carry what the ticks took.
    frames.forEach((f, i) => expect(f.firstVersion).toBe(i + 1));
  });

  it('never waits longer than TICK_MAX_MS', async () => {
    const { ticker } = harness(40, { TICK_MS: '20', BROADCAST_MAX_LOOP_PERCENT: '5', TICK_MAX_MS: '100' });
    await sleep(400);
    expect(ticker.intervalMs()).toBe(100);
  });
});
