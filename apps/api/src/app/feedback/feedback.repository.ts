import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { SqliteDatabase } from '../storage/sqlite-database';

export interface NewFeedback {
  message: string;
  contact: string | null;
  userId: string | null;
  ipHash: string;
  userAgent: string | null;
  createdAt: number;
}

export interface FeedbackRecord extends NewFeedback {
  id: number;
  forwardedAt: number | null;
  forwardAttempts: number;
  nextForwardAt: number;
  lastForwardError: string | null;
}

interface FeedbackRow {
  id: number;
  message: string;
  contact: string | null;
  user_id: string | null;
  ip_hash: string;
  user_agent: string | null;
  created_at: number;
  forwarded_at: number | null;
  forward_attempts: number;
  next_forward_at: number;
  last_forward_error: string | null;
}

const toRecord = (row: FeedbackRow): FeedbackRecord => ({
  id: row.id,
  message: row.message,
  contact: row.contact,
  userId: row.user_id,
  ipHash: row.ip_hash,
  userAgent: row.user_agent,
  createdAt: row.created_at,
  forwardedAt: row.forwarded_at,
  forwardAttempts: row.forward_attempts,
  nextForwardAt: row.next_forward_at,
  lastForwardError: row.last_forward_error,
});

/** Feedback rows and their per-chat deliveries (SQLite). */
@Injectable()
export class FeedbackRepository {
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

  constructor(private readonly database: SqliteDatabase) {
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
    this.deliverStmt = db.prepare(
      'INSERT OR IGNORE INTO feedback_deliveries (feedback_id, chat_id, message_id, delivered_at) VALUES (?, ?, ?, ?)',
    );
    this.forwardedStmt = db.prepare('UPDATE feedback SET forwarded_at = ?, last_forward_error = NULL WHERE id = ?');
    this.failedStmt = db.prepare(
      'UPDATE feedback SET forward_attempts = forward_attempts + 1, next_forward_at = ?, last_forward_error = ? WHERE id = ?',
    );
    this.countsStmt = db.prepare(
      `SELECT COUNT(*) AS total,
              COALESCE(SUM(forwarded_at IS NULL), 0) AS pending,
              COALESCE(SUM(created_at >= ?), 0) AS recent
       FROM feedback`,
    );
  }

  /** Stores one feedback (committed before this returns) and returns its id. */
  insert(feedback: NewFeedback): number {
    return Number(this.insertStmt.run(feedback).lastInsertRowid);
  }

  findById(id: number): FeedbackRecord | null {
    const row = this.byIdStmt.get(id) as FeedbackRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Newest first. */
  latest(limit: number): FeedbackRecord[] {
    return (this.latestStmt.all(limit) as FeedbackRow[]).map(toRecord);
  }

  /** Not yet forwarded and due at `now`, oldest first. */
  dueForForwarding(now: number, limit: number): FeedbackRecord[] {
    return (this.dueStmt.all(now, limit) as FeedbackRow[]).map(toRecord);
  }

  /** Earliest `next_forward_at` of anything not yet forwarded, or null when nothing waits. */
  nextForwardAt(): number | null {
    return (this.nextDueStmt.get() as number | null) ?? null;
  }

  deliveredChats(feedbackId: number): Set<number> {
    return new Set(this.deliveredStmt.all(feedbackId) as number[]);
  }

  recordDelivery(feedbackId: number, chatId: number, messageId: number | null, at: number): void {
    this.deliverStmt.run(feedbackId, chatId, messageId, at);
  }

  markForwarded(feedbackId: number, at: number): void {
    this.forwardedStmt.run(at, feedbackId);
  }

  markForwardFailed(feedbackId: number, nextAttemptAt: number, error: string): void {
    this.failedStmt.run(nextAttemptAt, error.slice(0, 500), feedbackId);
  }

  counts(since: number): { total: number; pending: number; recent: number } {
    return this.countsStmt.get(since) as { total: number; pending: number; recent: number };
  }
}
