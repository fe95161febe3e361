import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { LeaderboardMe, LeaderboardPeriod } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { readMe } from './leaderboard';

/** `GET /api/leaderboard/me`: the signed-in player's pixels and rank in a period. */
@Injectable({ providedIn: 'root' })
export class MyStanding {
  private readonly http = inject(HttpClient);
  private readonly gameState = signal<LeaderboardMe | null>(null);
  /** This game's standing, as last loaded (null: not loaded or unavailable). */
  readonly game = this.gameState.asReadonly();

  async load(period: LeaderboardPeriod): Promise<LeaderboardMe | null> {
    try {
      const me = readMe(await firstValueFrom(this.http.get<unknown>('/api/leaderboard/me', { params: { period } })));
      if (period === 'game') this.gameState.set(me);
      return me;
    } catch {
      return null;
    }
  }
}
