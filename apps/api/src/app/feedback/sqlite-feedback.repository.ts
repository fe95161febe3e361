import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from '../storage/sqlite-database';
import { FeedbackRecord, FeedbackRepository, FeedbackRow, FORWARD_ERROR_MAX, IP_SALT_NAME, NewFeedback, toFeedbackRecord } from './feedback.repository';

/** Feedback in the embedded SQLite file. */
export class SqliteFeedbackRepository extends FeedbackRepository {
  private readonly insertStmt: Statement;
  private readonly latestStmt: Statement;
  private readonly byIdStmt: Statement;
  private readonly dueStmt: Statement;
  private readonly nextDueStmt: Statement;
  private readonly deliveredStmt: Statement;
  private readonly deliverStmt: Statement;
  private readonly forwardedStmt: Statement;
  private readonly failedStmt: Statement;
  private readonly countsStmt: Statement;
  private readonly saltInsertStmt: Statement;
  private readonly saltStmt: Statement;

  constructor(database: SqliteDatabase) {
    super();
    const db = database.db;
    this.insertStmt = db.prepare(
      `INSERT INTO feedback (message, contact, user_id, ip_hash, user_agent, created_at, next_forward_at)
       VALUES (@message, @contact, @userId, @ipHash, @userAgent, @createdAt, @createdAt)`,
    );
    this.latestStmt = db.prepare('SELECT * FROM feedback ORDER BY id DESC LIMIT ?');
    this.byIdStmt = db.prepare('SELECT * FROM feedback WHERE id = ?');
    this.dueStmt = db.prepare('SELECT * FROM feedback WHERE forwarded_at IS NULL AND next_forward_at <= ? ORDER BY id LIMIT ?');
    this.nextDueStmt = db.prepare('SELECT MIN(next_forward_at) FROM feedback WHERE forwarded_at IS NULL').pluck();
    this.deliveredStmt = db.prepare('SELECT chat_id FROM feedback_deliveries WHERE feedback_id = ?').pluck();
    this.deliverStmt = db.prepare('INSERT OR IGNORE INTO feedback_deliveries (feedback_id, chat_id, message_id, delivered_at) VALUES (?, ?, ?, ?)');
    this.forwardedStmt = db.prepare('UPDATE feedback SET forwarded_at = ?, last_forward_error = NULL WHERE id = ?');
    this.failedStmt = db.prepare('UPDATE feedback SET forward_attempts = forward_attempts + 1, next_forward_at = ?, last_forward_error = ? WHERE id = ?');
    this.countsStmt = db.prepare(
      `SELECT COUNT(*) AS total,
              COALESCE(SUM(forwarded_at IS NULL), 0) AS pending,
              COALESCE(SUM(created_at >= ?), 0) AS recent
       FROM feedback`,
    );
    this.saltInsertStmt = db.prepare('INSERT OR IGNORE INTO feedback_secrets (name, value) VALUES (?, ?)');
    this.saltStmt = db.prepare('SELECT value FROM feedback_secrets WHERE name = ?').pluck();
  }

  async insert(feedback: NewFeedback): Promise<number> {
    return Number(this.insertStmt.run(feedback).lastInsertRowid);
  }

  async findById(id: number): Promise<FeedbackRecord | null> {
    const row = this.byIdStmt.get(id) as FeedbackRow | undefined;
    return row ? toFeedbackRecord(row) : null;
  }

  async latest(limit: number): Promise<FeedbackRecord[]> {
    return (this.latestStmt.all(limit) as FeedbackRow[]).map(toFeedbackRecord);
  }

  async dueForForwarding(now: number, limit: number): Promise<FeedbackRecord[]> {
    return (this.dueStmt.all(now, limit) as FeedbackRow[]).map(toFeedbackRecord);
  }

  async nextForwardAt(): Promise<number | null> {
    return (this.nextDueStmt.get() as number | null) ?? null;
  }

  async deliveredChats(feedbackId: number): Promise<Set<number>> {
    return new Set(this.deliveredStmt.all(feedbackId) as number[]);
  }

  async recordDelivery(feedbackId: number, chatId: number, messageId: number | null, at: number): Promise<void> {
    this.deliverStmt.run(feedbackId, chatId, messageId, at);
  }

  async markForwarded(feedbackId: number, at: number): Promise<void> {
    this.forwardedStmt.run(at, feedbackId);
  }

  async markForwardFailed(feedbackId: number, nextAttemptAt: number, error: string): Promise<void> {
    this.failedStmt.run(nextAttemptAt, error.slice(0, FORWARD_ERROR_MAX), feedbackId);
  }

  async counts(since: number): Promise<{ total: number; pending: number; recent: number }> {
    return this.countsStmt.get(since) as { total: number; pending: number; recent: number };
  }

  async ipSalt(candidate: Buffer): Promise<Buffer> {
    this.saltInsertStmt.run(IP_SALT_NAME, candidate);
    return this.saltStmt.get(IP_SALT_NAME) as Buffer;
  }
}
