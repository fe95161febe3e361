import { Injectable, Logger } from '@nestjs/common';
import type { LeaderboardEntry, LeaderboardMe, LeaderboardPeriod } from '@pixel-wars/protocol';
import { CanvasService } from '../canvas/canvas.service';
import { PlacementLogRepository, PlacementTally } from '../canvas/placement-log.repository';
import { RefreshingCache } from '../common/refreshing-cache';

/** How long a computed ranking is served before it is recomputed (in the background). */
export const LEADERBOARD_CACHE_MS = 5000;

const PERIOD_MS: Record<LeaderboardPeriod, number> = { hour: 3_600_000, day: 86_400_000, game: Number.POSITIVE_INFINITY };

interface Ranking {
  tallies: PlacementTally[];
  /** userId → index in tallies (rank − 1). */
  positions: Map<string, number>;
}

/**
 * Rankings of the current game per period, from the placement log (one aggregate query
 * per period and instance at most every LEADERBOARD_CACHE_MS, whatever the request rate).
 * The whole ranking is kept so a player's own rank is a lookup.
 */
@Injectable()
export class LeaderboardService {
  private readonly logger = new Logger(LeaderboardService.name);
  private readonly rankings = new RefreshingCache<string, Ranking>(
    () => LEADERBOARD_CACHE_MS,
    (key) => this.compute(key),
    (key, error) => this.logger.warn(`leaderboard ${key} not refreshed: ${error.message}`),
  );

  constructor(
    private readonly canvas: CanvasService,
    private readonly log: PlacementLogRepository,
  ) {}

  async top(period: LeaderboardPeriod, limit: number): Promise<LeaderboardEntry[]> {
    const { tallies } = await this.ranking(period);
    const n = Math.min(limit, tallies.length);
    const entries: LeaderboardEntry[] = new Array(n);
    for (let i = 0; i < n; i++) entries[i] = { rank: i + 1, user: { id: tallies[i].userId, name: tallies[i].userName }, pixels: tallies[i].pixels };
    return entries;
  }

  async me(userId: string, period: LeaderboardPeriod): Promise<LeaderboardMe> {
    const { tallies, positions } = await this.ranking(period);
    const position = positions.get(userId);
    return position === undefined ? { rank: null, pixels: 0 } : { rank: position + 1, pixels: tallies[position].pixels };
  }

  /** Drops the cached rankings (tests; a new game starts with its own keys anyway). */
  forget(): void {
    this.rankings.clear();
  }

  private ranking(period: LeaderboardPeriod): Promise<Ranking> {
    const game = this.canvas.game;
    this.rankings.drop((key) => !key.startsWith(`${game}:`));
    return this.rankings.get(`${game}:${period}`);
  }

  private async compute(key: string): Promise<Ranking> {
    const [game, period] = key.split(':') as [string, LeaderboardPeriod];
    const windowMs = PERIOD_MS[period];
    const since = Number.isFinite(windowMs) ? Date.now() - windowMs : 0;
    const tallies = await this.log.tallies(Number(game), since);
    const positions = new Map<string, number>();
    for (let i = 0; i < tallies.length; i++) positions.set(tallies[i].userId, i);
    return { tallies, positions };
  }
}
