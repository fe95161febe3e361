import { FeedbackRecord } from '../feedback/feedback.repository';
import { User } from '../users/user';
import type { Locale } from '@pixel-wars/protocol';
import { escapeHtml, formatTime, truncate } from './admin-format';
import { botText } from './i18n/bot-catalogue';

/** One feedback as reply HTML in `locale`; the message is cut to `maxMessageChars`. */
export function formatFeedback(feedback: FeedbackRecord, author: Pick<User, 'name' | 'email'> | null, locale: Locale, maxMessageChars = 2000): string {
  const from = author
    ? `<b>${escapeHtml(author.name)}</b> (${escapeHtml(author.email)})`
    : feedback.userId
      ? botText(locale, 'feedback.fromUser', { id: escapeHtml(feedback.userId) })
      : botText(locale, 'feedback.fromGuest');
  const lines = [
    botText(locale, 'feedback.title', { id: feedback.id, time: formatTime(feedback.createdAt) }),
    botText(locale, 'feedback.from', { from, client: feedback.ipHash.slice(0, 10) }),
  ];
  if (feedback.contact) lines.push(botText(locale, 'feedback.contact', { contact: escapeHtml(feedback.contact) }));
  if (feedback.userAgent) lines.push(`<i>${escapeHtml(truncate(feedback.userAgent, 120))}</i>`);
  lines.push('', escapeHtml(truncate(feedback.message, maxMessageChars)));
  return lines.join('\n');
}
