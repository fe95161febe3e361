/**
 * The challenges already used (a solution is good once): a challenge's id is its HMAC
 * signature, kept until the challenge expires. In the database, so it holds across
 * restarts and, with PostgreSQL, across every instance of a cluster.
 */
export abstract class ChallengeReplayRepository {
  /** Records the id as used; false when it already was (a replay). */
  abstract claim(id: string, expiresAt: number): Promise<boolean>;
  /** Forgets ids whose challenge expired before `now`; returns how many. */
  abstract purge(now: number): Promise<number>;
}
