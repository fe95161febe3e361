import { LEADERBOARD_PERIODS, LeaderboardPeriod } from '@pixel-wars/protocol';
import { z } from 'zod';
import { ApiError } from '../common/api-error';

const query = z.object({
  period: z.enum(LEADERBOARD_PERIODS as [LeaderboardPeriod, ...LeaderboardPeriod[]]).default('game'),
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(100))
    .default('10'),
});

/** `?period=hour|day|game` (default game) and `?limit=1..100` (default 10); 400 BAD_REQUEST otherwise. */
export function parseLeaderboardQuery(raw: Record<string, unknown>): { period: LeaderboardPeriod; limit: number } {
  const parsed = query.safeParse({ period: raw['period'], limit: raw['limit'] });
  if (!parsed.success) throw new ApiError(400, 'BAD_REQUEST', 'period must be hour, day or game; limit an integer in 1..100.');
  return parsed.data;
}
