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

/**
 * Feedback rows, their per-chat deliveries and the ip-hash salt:
 * `SqliteFeedbackRepository` or `PostgresFeedbackRepository`, bound in FeedbackModule.
 */
export abstract class FeedbackRepository {
  /** Stores one feedback (committed before this resolves) and returns its id; ids are never reused. */
  abstract insert(feedback: NewFeedback): Promise<number>;
  abstract findById(id: number): Promise<FeedbackRecord | null>;
  /** Newest first. */
  abstract latest(limit: number): Promise<FeedbackRecord[]>;
  /** Not yet forwarded and due at `now`, oldest first. */
  abstract dueForForwarding(now: number, limit: number): Promise<FeedbackRecord[]>;
  /** Earliest `next_forward_at` of anything not yet forwarded, or null when nothing waits. */
  abstract nextForwardAt(): Promise<number | null>;
  /** The admin chats that already have this feedback (a retry skips them). */
  abstract deliveredChats(feedbackId: number): Promise<Set<number>>;
  /** Records that `chatId` received the feedback; a second record of the same pair is ignored. */
  abstract recordDelivery(feedbackId: number, chatId: number, messageId: number | null, at: number): Promise<void>;
  abstract markForwarded(feedbackId: number, at: number): Promise<void>;
  abstract markForwardFailed(feedbackId: number, nextAttemptAt: number, error: string): Promise<void>;
  abstract counts(since: number): Promise<{ total: number; pending: number; recent: number }>;
  /** The salt of ip hashes: `candidate` is stored if the database has none yet; every caller gets the stored one. */
  abstract ipSalt(candidate: Buffer): Promise<Buffer>;
}

/** Stored error texts are clipped to this many characters. */
export const FORWARD_ERROR_MAX = 500;
export const IP_SALT_NAME = 'feedback_ip_salt';

/** A `feedback` row as both engines read it. */
export interface FeedbackRow {
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

export const toFeedbackRecord = (row: FeedbackRow): FeedbackRecord => ({
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
