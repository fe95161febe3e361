import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from '../storage/sqlite-database';
import { ChallengeReplayRepository } from './challenge-replay.repository';

export class SqliteChallengeReplayRepository extends ChallengeReplayRepository {
  private readonly claimStmt: Statement;
  private readonly purgeStmt: Statement;

  constructor(database: SqliteDatabase) {
    super();
    this.claimStmt = database.db.prepare('INSERT INTO captcha_used (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING');
    this.purgeStmt = database.db.prepare('DELETE FROM captcha_used WHERE expires_at < ?');
  }

  async claim(id: string, expiresAt: number): Promise<boolean> {
    return this.claimStmt.run(id, expiresAt).changes === 1;
  }

  async purge(now: number): Promise<number> {
    return this.purgeStmt.run(now).changes;
  }
}
