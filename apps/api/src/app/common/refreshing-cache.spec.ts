import { describe, expect, it } from 'vitest';
import { RefreshingCache } from './refreshing-cache';

describe('RefreshingCache', () => {
  it('computes once for parallel first requests, serves stale while one refresh runs, then the new value', async () => {
    let now = 0;
    let computed = 0;
    let release: () => void = () => undefined;
    const cache = new RefreshingCache<string, number>(
      () => 100,
      async () => {
        computed++;
        if (computed === 2) await new Promise<void>((r) => (release = r));
        return computed;
      },
      () => undefined,
      () => now,
    );
    expect(await Promise.all([cache.get('k'), cache.get('k'), cache.get('k')])).toEqual([1, 1, 1]);
    now = 50;
    expect(await cache.get('k')).toBe(1);
    now = 150;
    expect(await Promise.all([cache.get('k'), cache.get('k')])).toEqual([1, 1]);
    expect(computed).toBe(2);
    release();
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('k')).toBe(2);
    expect(computed).toBe(2);
  });

  it('a failed first computation is not cached', async () => {
    let fail = true;
    const cache = new RefreshingCache<string, string>(
      () => 1000,
      async () => {
        if (fail) throw new Error('down');
        return 'ok';
      },
      () => undefined,
    );
    await expect(cache.get('k')).rejects.toThrow('down');
    fail = false;
    expect(await cache.get('k')).toBe('ok');
  });

  it('keeps a value that was slow to compute twenty times as long as it took', async () => {
    let now = 0;
    let computed = 0;
    const cache = new RefreshingCache<string, number>(
      () => 100,
      async () => {
        now += 50; // the computation takes 50 ms
        return ++computed;
      },
      () => undefined,
      () => now,
    );
    expect(await cache.get('k')).toBe(1);
    now = 999;
    expect(await cache.get('k')).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(computed).toBe(1);
    now = 1000;
    await cache.get('k');
    await new Promise((r) => setImmediate(r));
    expect(computed).toBe(2);
  });
});
