import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeapItem } from './deadline-heap';
import { ExpiryScheduler, TimerHost } from './expiry-scheduler';

interface Item extends HeapItem {
  id: number;
}

const fakeTimers: TimerHost = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

describe('ExpiryScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps exactly one timer armed for 5,000 deadlines and expires them in order', () => {
    const expired: number[] = [];
    const scheduler = new ExpiryScheduler<Item>((item) => expired.push(item.id), fakeTimers);
    const items: Item[] = Array.from({ length: 5000 }, (_, id) => ({ id, deadline: 0, heapIndex: -1 }));
    for (const it of items) scheduler.schedule(it, Date.now() + 1000 + ((it.id * 7919) % 5000));
    expect(vi.getTimerCount()).toBe(1);
    expect(scheduler.armedTimers).toBe(1);

    for (let i = 0; i < 2000; i++) scheduler.schedule(items[i], Date.now() + 10_000 + i); // players act: deadlines move
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(3000);
    expect(vi.getTimerCount()).toBe(1);
    expect(expired.length).toBeGreaterThan(0);
    vi.advanceTimersByTime(20_000);
    expect(expired).toHaveLength(5000);
    expect(vi.getTimerCount()).toBe(0);
    const moved = new Set(Array.from({ length: 2000 }, (_, i) => i));
    expect(expired.slice(-2000).every((id) => moved.has(id))).toBe(true);
    expect(expired.slice(-2000)).toEqual([...moved]);
  });

  it('fires at the deadline, not before, and re-arms only for an earlier deadline', () => {
    const expired: number[] = [];
    const setSpy = vi.fn(fakeTimers.setTimeout);
    const scheduler = new ExpiryScheduler<Item>((item) => expired.push(item.id), { ...fakeTimers, setTimeout: setSpy });
    const a: Item = { id: 1, deadline: 0, heapIndex: -1 };
    const b: Item = { id: 2, deadline: 0, heapIndex: -1 };
    scheduler.schedule(a, Date.now() + 500);
    scheduler.schedule(b, Date.now() + 800); // later: no re-arm
    expect(setSpy).toHaveBeenCalledTimes(1);
    scheduler.schedule(a, Date.now() + 1000); // top moved later: timer wakes early and re-arms then
    expect(setSpy).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(799);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual([2]);
    vi.advanceTimersByTime(200);
    expect(expired).toEqual([2, 1]);
  });

  it('cancels items and disarms when nothing is left', () => {
    const expired: number[] = [];
    const scheduler = new ExpiryScheduler<Item>((item) => expired.push(item.id), fakeTimers);
    const a: Item = { id: 1, deadline: 0, heapIndex: -1 };
    scheduler.schedule(a, Date.now() + 100);
    scheduler.cancel(a);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual([]);
  });

  it('keeps going when a handler throws', () => {
    const errors: unknown[] = [];
    const expired: number[] = [];
    const scheduler = new ExpiryScheduler<Item>(
      (item) => {
        if (item.id === 1) throw new Error('boom');
        expired.push(item.id);
      },
      fakeTimers,
      (error) => errors.push(error),
    );
    scheduler.schedule({ id: 1, deadline: 0, heapIndex: -1 }, Date.now() + 10);
    scheduler.schedule({ id: 2, deadline: 0, heapIndex: -1 }, Date.now() + 10);
    vi.advanceTimersByTime(10);
    expect(expired).toEqual([2]);
    expect(errors).toHaveLength(1);
  });
});
