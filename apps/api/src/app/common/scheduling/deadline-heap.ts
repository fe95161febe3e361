/** An item the heap can hold: it keeps its own deadline and slot (−1 when not in a heap). */
export interface HeapItem {
  deadline: number;
  heapIndex: number;
}

/**
 * Indexed binary min-heap keyed by `deadline`. Items know their slot, so update and
 * remove are O(log n) with no search and no stale entries.
 */
export class DeadlineHeap<T extends HeapItem> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  has(item: T): boolean {
    return item.heapIndex >= 0 && this.items[item.heapIndex] === item;
  }

  /** Inserts the item, or moves it if it is already in the heap. */
  set(item: T, deadline: number): void {
    if (this.has(item)) {
      const previous = item.deadline;
      item.deadline = deadline;
      if (deadline < previous) this.up(item.heapIndex);
      else if (deadline > previous) this.down(item.heapIndex);
      return;
    }
    item.deadline = deadline;
    item.heapIndex = this.items.length;
    this.items.push(item);
    this.up(item.heapIndex);
  }

  remove(item: T): boolean {
    if (!this.has(item)) return false;
    const index = item.heapIndex;
    const last = this.items.pop() as T;
    item.heapIndex = -1;
    if (last !== item) {
      this.items[index] = last;
      last.heapIndex = index;
      this.up(index);
      this.down(last.heapIndex);
    }
    return true;
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top) this.remove(top);
    return top;
  }

  private up(index: number): void {
    const items = this.items;
    const item = items[index];
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex];
      if (parent.deadline <= item.deadline) break;
      items[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    items[index] = item;
    item.heapIndex = index;
  }

  private down(index: number): void {
    const items = this.items;
    const length = items.length;
    const item = items[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && items[right].deadline < items[left].deadline ? right : left;
      if (items[child].deadline >= item.deadline) break;
      items[index] = items[child];
      items[index].heapIndex = index;
      index = child;
    }
    items[index] = item;
    item.heapIndex = index;
  }
}
