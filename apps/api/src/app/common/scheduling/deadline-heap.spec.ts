import { describe, expect, it } from 'vitest';
import { DeadlineHeap, HeapItem } from './deadline-heap';

interface Item extends HeapItem {
  id: number;
}

const item = (id: number): Item => ({ id, deadline: 0, heapIndex: -1 });

describe('DeadlineHeap', () => {
  it('pops items in deadline order', () => {
    const heap = new DeadlineHeap<Item>();
    const deadlines = [50, 10, 40, 30, 20, 60, 0];
    deadlines.forEach((d, i) => heap.set(item(i), d));
    const popped: number[] = [];
    for (let top = heap.pop(); top; top = heap.pop()) popped.push(top.deadline);
    expect(popped).toEqual([...deadlines].sort((a, b) => a - b));
    expect(heap.size).toBe(0);
  });

  it('moves and removes items in place and matches a sorted reference under random operations', () => {
    const heap = new DeadlineHeap<Item>();
    const items = Array.from({ length: 500 }, (_, i) => item(i));
    const reference = new Map<Item, number>();
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 6000; step++) {
      const target = items[Math.floor(random() * items.length)];
      const op = random();
      if (op < 0.6) {
        const deadline = Math.floor(random() * 1_000_000);
        heap.set(target, deadline);
        reference.set(target, deadline);
      } else if (op < 0.85) {
        expect(heap.remove(target)).toBe(reference.delete(target));
      } else if (reference.size > 0) {
        const top = heap.pop() as Item;
        const min = Math.min(...reference.values());
        expect(top.deadline).toBe(min);
        reference.delete(top);
      }
      expect(heap.size).toBe(reference.size);
      expect(heap.has(target)).toBe(reference.has(target));
    }
    const rest: number[] = [];
    for (let top = heap.pop(); top; top = heap.pop()) rest.push(top.deadline);
    expect(rest).toEqual([...reference.values()].sort((a, b) => a - b));
  });
});
