import { TelegramError } from 'telegraf';
import { forLog } from '../admin/log-text';

/** One line for the log: what the Bot API (or the network) said, without the token. */
export function describeError(error: unknown): string {
  if (error instanceof TelegramError) {
    if (error.code === 401) return 'Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)';
    if (error.code === 409) return 'conflict: another process polls this bot or a webhook is set (409)';
    return `Telegram error ${error.code}: ${forLog(error.description)}`;
  }
  if (error instanceof Error && error.name === 'AbortError') return 'no answer in time';
  return forLog(error instanceof Error ? error.message : String(error));
}

/** Seconds Telegram asked us to wait (429), if it did. */
export function retryAfterMs(error: unknown): number | null {
  const seconds = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
  return seconds ? seconds * 1000 : null;
}
