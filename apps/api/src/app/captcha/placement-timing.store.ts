import { RedisService } from '../cluster/redis.service';
import { NO_TIMING, PlacementTiming } from './automation-rule';

/** Forgotten after a day without placements. */
const KEEP_MS = 86_400_000;

/**
 * Per-player placement timing (the automation rule's state): in memory when running
 * alone, in Redis when several instances share the players. One player's placements are
 * a cooldown apart, so a read-then-write per placement does not race with itself.
 */
export abstract class PlacementTimingStore {
  abstract get(userId: string): Promise<PlacementTiming>;
  abstract set(userId: string, timing: PlacementTiming): Promise<void>;
}

export class LocalPlacementTimingStore extends PlacementTimingStore {
  private readonly byUser = new Map<string, { timing: PlacementTiming; at: number }>();

  async get(userId: string): Promise<PlacementTiming> {
    const entry = this.byUser.get(userId);
    return entry && Date.now() - entry.at < KEEP_MS ? entry.timing : NO_TIMING;
  }

  async set(userId: string, timing: PlacementTiming): Promise<void> {
    this.byUser.delete(userId); // re-insert: the map stays in last-use order for the sweep
    this.byUser.set(userId, { timing, at: Date.now() });
    for (const [id, entry] of this.byUser) {
      if (Date.now() - entry.at < KEEP_MS) break;
      this.byUser.delete(id);
    }
  }
}

export class RedisPlacementTimingStore extends PlacementTimingStore {
  constructor(private readonly redis: RedisService) {
    super();
  }

  async get(userId: string): Promise<PlacementTiming> {
    const raw = await this.redis.client.get(`captcha:timing:${userId}`);
    return raw ? (JSON.parse(raw) as PlacementTiming) : NO_TIMING;
  }

  async set(userId: string, timing: PlacementTiming): Promise<void> {
    await this.redis.client.set(`captcha:timing:${userId}`, JSON.stringify(timing), 'PX', KEEP_MS);
  }
}
