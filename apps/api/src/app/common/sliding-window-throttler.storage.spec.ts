import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SlidingWindowThrottlerStorage } from './sliding-window-throttler.storage';

describe('SlidingWindowThrottlerStorage', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('lets `limit` hits through per window, then blocks with a retry time', async () => {
    const storage = new SlidingWindowThrottlerStorage();
    for (let i = 0; i < 10; i++) expect((await storage.increment('a', 60_000, 10, 60_000, 'default')).isBlocked).toBe(false);
    const blocked = await storage.increment('a', 60_000, 10, 60_000, 'default');
    expect(blocked.isBlocked).toBe(true);
    expect(blocked.timeToBlockExpire).toBeGreaterThan(0);
    expect((await storage.increment('b', 60_000, 10, 60_000, 'default')).isBlocked).toBe(false);
  });

  it('slides: the previous window still counts in proportion, then fades out', async () => {
    const storage = new SlidingWindowThrottlerStorage();
    for (let i = 0; i < 10; i++) await storage.increment('a', 60_000, 10, 60_000, 'default');
    vi.setSystemTime(1_000_000 + 60_000 + 6_000); // 90 % of the old window still weighs in
    expect((await storage.increment('a', 60_000, 10, 60_000, 'default')).isBlocked).toBe(false); // 9 + 1
    expect((await storage.increment('a', 60_000, 10, 60_000, 'default')).isBlocked).toBe(true);
    vi.setSystemTime(1_000_000 + 3 * 60_000);
    for (let i = 0; i < 10; i++) expect((await storage.increment('a', 60_000, 10, 60_000, 'default')).isBlocked).toBe(false);
  });

  it('costs the same per hit however many hits a window holds', async () => {
    const storage = new SlidingWindowThrottlerStorage();
    const time = async (n: number) => {
      const started = performance.now();
      for (let i = 0; i < n; i++) await storage.increment('hot', 60_000, 1e9, 60_000, 'default');
      return (performance.now() - started) / n;
    };
    await time(20_000);
    const early = await time(20_000);
    const late = await time(20_000); // 40,000 hits already in the window
    expect(late).toBeLessThan(early * 3 + 0.01);
  });
});
