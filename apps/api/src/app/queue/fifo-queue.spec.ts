import { describe, expect, it } from 'vitest';
import { FifoQueue } from './fifo-queue';

describe('FifoQueue', () => {
  it('keeps arrival order and 1-based positions across removals', () => {
    const q = new FifoQueue<string>();
    for (const k of ['a', 'b', 'c', 'd']) q.enqueue(k);
    expect(q.position('c')).toBe(3);
    expect(q.enqueue('b')).toBe(2); // already queued: unchanged
    q.remove('b');
    expect([...q.keys()]).toEqual(['a', 'c', 'd']);
    expect(q.position('c')).toBe(2);
    expect(q.position('b')).toBeNull();
    expect(q.length).toBe(3);
  });

  it('stays exact through many compactions', () => {
    const q = new FifoQueue<number>(16);
    const reference: number[] = [];
    let next = 0;
    for (let step = 0; step < 8000; step++) {
      if (reference.length === 0 || step % 3 !== 0) {
        q.enqueue(next);
        reference.push(next++);
      } else {
        const victim = reference.splice((step * 31) % reference.length, 1)[0];
        q.remove(victim);
      }
      if (step % 997 === 0) {
        reference.forEach((k, i) => expect(q.position(k)).toBe(i + 1));
      }
    }
    expect([...q.keys()]).toEqual(reference);
  });
});
