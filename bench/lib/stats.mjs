// Small statistics helpers and a fixed-bucket latency histogram that merges by addition.

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function maxOf(values) {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length ? Math.max(...v) : NaN;
}

export function percentile(sortedValues, p) {
  if (sortedValues.length === 0) return NaN;
  const i = Math.min(sortedValues.length - 1, Math.max(0, Math.ceil((p / 100) * sortedValues.length) - 1));
  return sortedValues[i];
}

const FINE_LOW_MS = -1000; // 0.1 ms buckets from -1 s to +10 s
const FINE_HIGH_MS = 10_000;
const FINE_STEP = 0.1;
const COARSE_STEP = 10; // then 10 ms buckets up to 10 min
const COARSE_HIGH_MS = 600_000;
const FINE_BUCKETS = Math.round((FINE_HIGH_MS - FINE_LOW_MS) / FINE_STEP);
const COARSE_BUCKETS = Math.round((COARSE_HIGH_MS - FINE_HIGH_MS) / COARSE_STEP);

/** Latency histogram in milliseconds (values may be negative: a frame can beat its 201). */
export class Hist {
  constructor() {
    this.fine = new Uint32Array(FINE_BUCKETS);
    this.coarse = new Uint32Array(COARSE_BUCKETS + 2); // [0] below range, [last] above range
    this.count = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.sum = 0;
  }

  add(ms, times = 1) {
    this.count += times;
    this.sum += ms * times;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    if (ms < FINE_LOW_MS) this.coarse[0] += times;
    else if (ms < FINE_HIGH_MS) this.fine[Math.floor((ms - FINE_LOW_MS) / FINE_STEP)] += times;
    else if (ms < COARSE_HIGH_MS) this.coarse[1 + Math.floor((ms - FINE_HIGH_MS) / COARSE_STEP)] += times;
    else this.coarse[COARSE_BUCKETS + 1] += times;
  }

  /** p-th percentile (upper edge of the bucket), out of `total` (default: samples); missing samples count as +Infinity. */
  percentile(p, total = this.count) {
    if (total === 0) return NaN;
    const rank = Math.ceil((p / 100) * total);
    if (rank > this.count) return Infinity;
    let seen = this.coarse[0];
    if (seen >= rank) return this.min;
    for (let i = 0; i < FINE_BUCKETS; i++) {
      seen += this.fine[i];
      if (seen >= rank) return Math.min(this.max, FINE_LOW_MS + (i + 1) * FINE_STEP);
    }
    for (let i = 1; i <= COARSE_BUCKETS; i++) {
      seen += this.coarse[i];
      if (seen >= rank) return Math.min(this.max, FINE_HIGH_MS + i * COARSE_STEP);
    }
    return this.max;
  }

  merge(other) {
    for (let i = 0; i < FINE_BUCKETS; i++) this.fine[i] += other.fine[i];
    for (let i = 0; i < this.coarse.length; i++) this.coarse[i] += other.coarse[i];
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  /** A compact form for IPC: non-zero buckets only. */
  toJSON() {
    const sparse = (arr) => {
      const out = [];
      for (let i = 0; i < arr.length; i++) if (arr[i]) out.push(i, arr[i]);
      return out;
    };
    return { fine: sparse(this.fine), coarse: sparse(this.coarse), count: this.count, sum: this.sum, min: this.min, max: this.max };
  }

  static fromJSON(json) {
    const h = new Hist();
    for (let i = 0; i < json.fine.length; i += 2) h.fine[json.fine[i]] = json.fine[i + 1];
    for (let i = 0; i < json.coarse.length; i += 2) h.coarse[json.coarse[i]] = json.coarse[i + 1];
    h.count = json.count;
    h.sum = json.sum;
    h.min = json.min ?? Infinity;
    h.max = json.max ?? -Infinity;
    return h;
  }
}

/** Monotonic, system-wide clock in ms (CLOCK_MONOTONIC): comparable across processes. */
export function nowMs() {
  return Number(process.hrtime.bigint() / 1000n) / 1000;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with fn's value, or rejects after ms (every wait in the harness is bounded). */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
