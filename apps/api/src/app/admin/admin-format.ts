import type { Locale } from '@pixel-wars/protocol';
import { botText } from './i18n/bot-catalogue';

/** Escapes text for the HTML subset of admin replies (Telegram's HTML parse mode). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The text of reply HTML (tags dropped, entities decoded). */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Cuts text to at most `max` characters (code points), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** "2024-05-01 12:34 UTC". */
export function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "45 s", "12 min", "1 h", "5 h 30 min", "3 d 4 h" (Russian: "45 с", "12 мин", …). */
export function formatDuration(ms: number, locale: Locale = 'en'): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return botText(locale, 'unit.seconds', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return botText(locale, 'unit.minutes', { n: m });
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? botText(locale, 'unit.hoursMinutes', { h, m: m % 60 }) : botText(locale, 'unit.hours', { n: h });
  return botText(locale, 'unit.daysHours', { d: Math.floor(h / 24), h: h % 24 });
}

const BYTE_UNITS = ['unit.kilobytes', 'unit.megabytes', 'unit.gigabytes', 'unit.terabytes'] as const;

/** "12.3 MB" (Russian: "12.3 МБ"). */
export function formatBytes(bytes: number, locale: Locale = 'en'): string {
  if (bytes < 1024) return botText(locale, 'unit.bytes', { n: bytes });
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return botText(locale, BYTE_UNITS[unit], { n: value.toFixed(1) });
}
