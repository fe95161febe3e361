/**
 * Admission FIFO with O(1) enqueue/remove and O(log n) position lookup: entries keep
 * insertion order (a Map), and a Fenwick tree over arrival numbers counts the live
 * entries ahead of any one. Arrival numbers are compacted when the tree fills up
 * (amortised O(1) per operation).
 */
export class FifoQueue<K> {
  private readonly slots = new Map<K, number>();
  private tree: Int32Array;
  private nextSlot = 0;

  constructor(initialCapacity = 1024) {
    this.tree = new Int32Array(Math.max(16, initialCapacity) + 1);
  }

  get length(): number {
    return this.slots.size;
  }

  has(key: K): boolean {
    return this.slots.has(key);
  }

  /** Appends the key (no-op when already queued); returns its 1-based position. */
  enqueue(key: K): number {
    const existing = this.position(key);
    if (existing !== null) return existing;
    if (this.nextSlot >= this.tree.length - 1) this.compact();
    const slot = this.nextSlot++;
    this.slots.set(key, slot);
    this.add(slot, 1);
    return this.slots.size;
  }

  remove(key: K): boolean {
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    this.slots.delete(key);
    this.add(slot, -1);
    return true;
  }

  /** 1-based position, or null when the key is not queued. */
  position(key: K): number | null {
    const slot = this.slots.get(key);
    return slot === undefined ? null : this.prefix(slot);
  }

  /** Keys from the head, in order. */
  keys(): IterableIterator<K> {
    return this.slots.keys();
  }

  private compact(): void {
    const live = this.slots.size;
    const capacity = Math.max(16, 2 ** Math.ceil(Math.log2(Math.max(2, live * 2))));
    this.tree = new Int32Array(capacity + 1);
    let slot = 0;
    for (const key of this.slots.keys()) {
      this.slots.set(key, slot);
      this.add(slot, 1);
      slot++;
    }
    this.nextSlot = slot;
  }

  private add(slot: number, delta: number): void {
    for (let i = slot + 1; i < this.tree.length; i += i & -i) this.tree[i] += delta;
  }

  /** Live entries in slots 0..slot. */
  private prefix(slot: number): number {
    let sum = 0;
    for (let i = slot + 1; i > 0; i -= i & -i) sum += this.tree[i];
    return sum;
  }
}
