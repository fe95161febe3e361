interface Entry<V> {
  value: V | null;
  computedAt: number;
  /** How long the last computation took: a value is kept at least COST_FACTOR times that. */
  costMs: number;
  refreshing: Promise<V> | null;
}

/** A value costing c ms to compute is recomputed at most every COST_FACTOR × c ms (≤ 5 % of the time). */
const COST_FACTOR = 20;

/**
 * A value per key, recomputed at most once per `ttlMs` and never by two callers at once:
 * a fresh value is returned as is; a stale one is returned while one refresh runs in the
 * background; only the very first request of a key waits for the computation. Keeps
 * costly reads (leaderboard, heatmap) off the request path under load. A value that took
 * long to compute lives longer (COST_FACTOR), so a big log cannot keep the process busy.
 */
export class RefreshingCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly ttlMs: (key: K) => number,
    private readonly compute: (key: K) => Promise<V>,
    private readonly onError: (key: K, error: Error) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: K): Promise<V> {
    const entry = this.entries.get(key);
    if (entry?.value != null) {
      if (this.now() - entry.computedAt >= Math.max(this.ttlMs(key), entry.costMs * COST_FACTOR) && !entry.refreshing)
        void this.refresh(key, entry).catch((error: Error) => this.onError(key, error));
      return entry.value;
    }
    if (entry?.refreshing) return entry.refreshing;
    const fresh: Entry<V> = { value: null, computedAt: 0, costMs: 0, refreshing: null };
    this.entries.set(key, fresh);
    try {
      return await this.refresh(key, fresh);
    } catch (error) {
      if (this.entries.get(key) === fresh && fresh.value === null) this.entries.delete(key);
      throw error;
    }
  }

  /** Drops every cached value (a new game, tests). */
  clear(): void {
    this.entries.clear();
  }

  /** Drops the keys `stale` picks (e.g. an older game's). */
  drop(stale: (key: K) => boolean): void {
    for (const key of [...this.entries.keys()]) if (stale(key)) this.entries.delete(key);
  }

  private refresh(key: K, entry: Entry<V>): Promise<V> {
    const startedAt = this.now();
    entry.refreshing = this.compute(key).then(
      (value) => {
        entry.value = value;
        entry.computedAt = startedAt;
        entry.costMs = this.now() - startedAt;
        entry.refreshing = null;
        return value;
      },
      (error: unknown) => {
        entry.refreshing = null;
        throw error;
      },
    );
    return entry.refreshing;
  }
}
