import { PlacementLogRepository } from '../canvas/placement-log.repository';

/** Versions read per query: a bounded slice of work per event-loop turn (SQLite reads synchronously). */
const PAGE_VERSIONS = 20_000;

export interface HeatTarget {
  game: number;
  /** The game's first version (its opening reset; 0 for the first game). */
  firstVersion: number;
  width: number;
  height: number;
  /** The newest version to include. */
  head: number;
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Placement counts per pixel over a sliding time window, kept incrementally: each update
 * reads only the versions that entered the window since the last one (added) and those
 * that left it (subtracted), in pages of PAGE_VERSIONS over the primary key — so a day
 * of a busy game costs one full read once, then small deltas.
 */
export class HeatWindow {
  private counts = new Uint32Array(0);
  private game = -1;
  private width = 0;
  /** Counted versions are [from, to). */
  private from = 0;
  private to = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: PlacementLogRepository,
    private readonly windowMs: number,
  ) {}

  /** The counts of the window ending at `now` up to `target.head` (updates run one after the other). */
  update(target: HeatTarget, now: number): Promise<Uint32Array> {
    const next = this.queue.then(() => this.advance(target, now));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async advance(target: HeatTarget, now: number): Promise<Uint32Array> {
    if (target.game !== this.game || target.width !== this.width || this.counts.length !== target.width * target.height) {
      this.counts = new Uint32Array(target.width * target.height);
      this.game = target.game;
      this.width = target.width;
      this.from = this.to = target.firstVersion;
    }
    const start = Math.max(this.from, await this.log.firstVersionFrom(now - this.windowMs));
    await this.apply(this.from, Math.min(start, this.to), -1);
    this.from = start;
    this.to = Math.max(this.to, start);
    await this.apply(this.to, target.head + 1, 1);
    this.to = Math.max(this.to, target.head + 1);
    return this.counts;
  }

  private async apply(from: number, to: number, delta: 1 | -1): Promise<void> {
    for (let page = from; page < to; page += PAGE_VERSIONS) {
      const { x, y } = await this.log.pixelsInVersions(this.game, page, Math.min(page + PAGE_VERSIONS, to));
      for (let i = 0; i < x.length; i++) this.counts[y[i] * this.width + x[i]] += delta;
      if (page + PAGE_VERSIONS < to) await yieldTurn();
    }
  }
}
