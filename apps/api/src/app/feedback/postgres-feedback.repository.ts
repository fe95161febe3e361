import { PgStatement } from '../storage/postgres-statement';
import { PostgresDatabase } from '../storage/postgres-database';
import { FeedbackRecord, FeedbackRepository, FeedbackRow, FORWARD_ERROR_MAX, IP_SALT_NAME, NewFeedback, toFeedbackRecord } from './feedback.repository';

const statements = {
  insert: new PgStatement<{ id: number }>(
    'feedback.insert',
    `INSERT INTO feedback (message, contact, user_id, ip_hash, user_agent, created_at, next_forward_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
  ),
  latest: new PgStatement<FeedbackRow>('feedback.latest', 'SELECT * FROM feedback ORDER BY id DESC LIMIT $1'),
  byId: new PgStatement<FeedbackRow>('feedback.by_id', 'SELECT * FROM feedback WHERE id = $1'),
  due: new PgStatement<FeedbackRow>('feedback.due', 'SELECT * FROM feedback WHERE forwarded_at IS NULL AND next_forward_at <= $1 ORDER BY id LIMIT $2'),
  nextDue: new PgStatement<{ at: number | null }>('feedback.next_due', 'SELECT MIN(next_forward_at) AS at FROM feedback WHERE forwarded_at IS NULL'),
  delivered: new PgStatement<{ chat_id: number }>('feedback.delivered', 'SELECT chat_id FROM feedback_deliveries WHERE feedback_id = $1'),
  deliver: new PgStatement(
    'feedback.deliver',
    'INSERT INTO feedback_deliveries (feedback_id, chat_id, message_id, delivered_at) VALUES ($1, $2, $3, $4) ON CONFLICT (feedback_id, chat_id) DO NOTHING',
  ),
  forwarded: new PgStatement('feedback.forwarded', 'UPDATE feedback SET forwarded_at = $2, last_forward_error = NULL WHERE id = $1'),
  failed: new PgStatement(
    'feedback.failed',
    'UPDATE feedback SET forward_attempts = forward_attempts + 1, next_forward_at = $2, last_forward_error = $3 WHERE id = $1',
  ),
  counts: new PgStatement<{ total: number; pending: number; recent: number }>(
    'feedback.counts',
    `SELECT COUNT(*) AS total,
            COUNT(*) FILTER (WHERE forwarded_at IS NULL) AS pending,
            COUNT(*) FILTER (WHERE created_at >= $1) AS recent
     FROM feedback`,
  ),
  // the no-op DO UPDATE returns the stored row even when another instance inserted it a moment ago
  salt: new PgStatement<{ value: Buffer }>(
    'feedback.salt',
    'INSERT INTO feedback_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET name = feedback_secrets.name RETURNING value',
  ),
};

/** Feedback in PostgreSQL. */
export class PostgresFeedbackRepository extends FeedbackRepository {
  constructor(private readonly database: PostgresDatabase) {
    super();
  }

  private get pool() {
    return this.database.pool;
  }

  async insert(f: NewFeedback): Promise<number> {
    return (await statements.insert.run(this.pool, [f.message, f.contact, f.userId, f.ipHash, f.userAgent, f.createdAt])).rows[0].id;
  }

  async findById(id: number): Promise<FeedbackRecord | null> {
    const row = (await statements.byId.run(this.pool, [id])).rows[0];
    return row ? toFeedbackRecord(row) : null;
  }

  async latest(limit: number): Promise<FeedbackRecord[]> {
    return (await statements.latest.run(this.pool, [limit])).rows.map(toFeedbackRecord);
  }

  async dueForForwarding(now: number, limit: number): Promise<FeedbackRecord[]> {
    return (await statements.due.run(this.pool, [now, limit])).rows.map(toFeedbackRecord);
  }

  async nextForwardAt(): Promise<number | null> {
    return (await statements.nextDue.run(this.pool)).rows[0]?.at ?? null;
  }

  async deliveredChats(feedbackId: number): Promise<Set<number>> {
    return new Set((await statements.delivered.run(this.pool, [feedbackId])).rows.map((r) => r.chat_id));
  }

  async recordDelivery(feedbackId: number, chatId: number, messageId: number | null, at: number): Promise<void> {
    await statements.deliver.run(this.pool, [feedbackId, chatId, messageId, at]);
  }

  async markForwarded(feedbackId: number, at: number): Promise<void> {
    await statements.forwarded.run(this.pool, [feedbackId, at]);
  }

  async markForwardFailed(feedbackId: number, nextAttemptAt: number, error: string): Promise<void> {
    await statements.failed.run(this.pool, [feedbackId, nextAttemptAt, error.slice(0, FORWARD_ERROR_MAX)]);
  }

  async counts(since: number): Promise<{ total: number; pending: number; recent: number }> {
    const row = (await statements.counts.run(this.pool, [since])).rows[0];
    return { total: row.total, pending: row.pending, recent: row.recent };
  }

  async ipSalt(candidate: Buffer): Promise<Buffer> {
    return (await statements.salt.run(this.pool, [IP_SALT_NAME, candidate])).rows[0].value;
  }
}
