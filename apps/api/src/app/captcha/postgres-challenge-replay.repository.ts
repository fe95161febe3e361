import { PostgresDatabase } from '../storage/postgres-database';
import { PgStatement } from '../storage/postgres-statement';
import { ChallengeReplayRepository } from './challenge-replay.repository';

const statements = {
  claim: new PgStatement('captcha_used.claim', 'INSERT INTO captcha_used (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING'),
  purge: new PgStatement('captcha_used.purge', 'DELETE FROM captcha_used WHERE expires_at < $1'),
};

export class PostgresChallengeReplayRepository extends ChallengeReplayRepository {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  async claim(id: string, expiresAt: number): Promise<boolean> {
    return (await statements.claim.run(this.database.pool, [id, expiresAt])).rowCount === 1;
  }

  async purge(now: number): Promise<number> {
    return (await statements.purge.run(this.database.pool, [now])).rowCount ?? 0;
  }
}
