import { FeedbackRecord } from '../feedback/feedback.repository';
import { User } from '../users/user';
import { escapeHtml, formatTime, truncate } from './admin-format';

/** One feedback as reply HTML; the message is cut to `maxMessageChars`. */
export function formatFeedback(feedback: FeedbackRecord, author: Pick<User, 'name' | 'email'> | null, maxMessageChars = 2000): string {
  const from = author
    ? `<b>${escapeHtml(author.name)}</b> (${escapeHtml(author.email)})`
    : feedback.userId
      ? `user <code>${escapeHtml(feedback.userId)}</code>`
      : 'a guest';
  const lines = [`💬 <b>Feedback #${feedback.id}</b> · ${formatTime(feedback.createdAt)}`, `From: ${from} · client <code>${feedback.ipHash.slice(0, 10)}</code>`];
  if (feedback.contact) lines.push(`Contact: ${escapeHtml(feedback.contact)}`);
  if (feedback.userAgent) lines.push(`<i>${escapeHtml(truncate(feedback.userAgent, 120))}</i>`);
  lines.push('', escapeHtml(truncate(feedback.message, maxMessageChars)));
  return lines.join('\n');
}
