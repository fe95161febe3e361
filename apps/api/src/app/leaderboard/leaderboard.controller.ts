import { Controller, Get, Query, Req, UseGuards } from '@nestjs/common';
import type { LeaderboardEntry, LeaderboardMe } from '@pixel-wars/protocol';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { AuthenticatedRequest } from '../auth/auth-principal';
import { parseLeaderboardQuery } from './leaderboard.query';
import { LeaderboardService } from './leaderboard.service';

/** docs/protocol.md 9 leaderboard, plus the signed-in player's own line (docs/protocol.md). */
@Controller('leaderboard')
export class LeaderboardController {
  constructor(private readonly leaderboard: LeaderboardService) {}

  @Get()
  top(@Query() query: Record<string, unknown>): Promise<LeaderboardEntry[]> {
    const { period, limit } = parseLeaderboardQuery(query);
    return this.leaderboard.top(period, limit);
  }

  @Get('me')
  @UseGuards(AccessTokenGuard)
  me(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<LeaderboardMe> {
    const { period } = parseLeaderboardQuery({ period: query['period'] });
    return this.leaderboard.me(req.principal.userId, period);
  }
}
