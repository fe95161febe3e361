import { truncate } from './admin-format';

/** Longest piece of outside text (a command's arguments, a Telegram name) in one log line. */
export const LOG_TEXT_MAX = 200;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };
/** C0/C1 controls, DEL, line/paragraph separators, bidi marks and overrides, and the backslash itself. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]/g;

/**
 * Outside text made safe for a log line: nothing in it can start a new line, move the
 * cursor or reorder what a terminal shows (so a command argument cannot forge log
 * entries), and it is cut to `max` characters.
 */
export function forLog(text: string, max = LOG_TEXT_MAX): string {
  const escaped = text.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return truncate(escaped, max);
}
