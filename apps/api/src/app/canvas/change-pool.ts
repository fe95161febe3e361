import { RECORD_BYTES } from '@pixel-wars/protocol';

/**
 * Recent change records (5-byte protocol records) in version order, kept in one
 * contiguous buffer so any suffix is a single copy. Old records are dropped only
 * beyond `minRecords` and never past `retainFromVersion` (the previous snapshot).
 */
export class ChangePool {
  private buffer: Uint8Array;
  private start = 0; // record index of the oldest kept record
  private end = 0; // record index after the newest
  /** Version of the record at `start`. */
  private oldestVersion: number;

  constructor(
    private readonly minRecords: number,
    nextVersion: number,
  ) {
    this.buffer = new Uint8Array(Math.max(minRecords * 2, 64) * RECORD_BYTES);
    this.oldestVersion = nextVersion;
  }

  get count(): number {
    return this.end - this.start;
  }

  /** The oldest version the pool can answer "changes since" for (i.e. since >= this). */
  get oldestSince(): number {
    return this.oldestVersion - 1;
  }

  /** Forgets everything; the next record appended will carry `nextVersion`. */
  restart(nextVersion: number): void {
    this.start = this.end = 0;
    this.oldestVersion = nextVersion;
  }

  /** Appends records whose first version is the pool's next version. */
  append(records: Uint8Array): void {
    const n = records.length / RECORD_BYTES;
    this.ensureRoom(n);
    this.buffer.set(records, this.end * RECORD_BYTES);
    this.end += n;
  }

  /** Drops the oldest records above `minRecords`, keeping every version > retainAfterVersion. */
  trim(retainAfterVersion: number): void {
    const excess = this.count - this.minRecords;
    if (excess <= 0) return;
    const droppable = Math.max(0, retainAfterVersion + 1 - this.oldestVersion);
    const drop = Math.min(excess, droppable);
    this.start += drop;
    this.oldestVersion += drop;
  }

  /** Records of versions (since, newest], copied; null when the pool does not reach back to since + 1. */
  recordsSince(since: number): Uint8Array | null {
    const newest = this.oldestVersion + this.count - 1;
    if (since < this.oldestSince || since > newest) return null;
    const from = this.start + (since + 1 - this.oldestVersion);
    return this.buffer.slice(from * RECORD_BYTES, this.end * RECORD_BYTES);
  }

  private ensureRoom(extra: number): void {
    const capacity = this.buffer.length / RECORD_BYTES;
    if (this.end + extra <= capacity) return;
    const live = this.count;
    if (this.start > 0 && live + extra <= capacity && this.start >= capacity / 4) {
      this.buffer.copyWithin(0, this.start * RECORD_BYTES, this.end * RECORD_BYTES);
    } else {
      const grown = new Uint8Array(Math.max(capacity * 2, (live + extra) * 2) * RECORD_BYTES);
      grown.set(this.buffer.subarray(this.start * RECORD_BYTES, this.end * RECORD_BYTES));
      this.buffer = grown;
    }
    this.start = 0;
    this.end = live;
  }
}
