import { MAX_CANVAS_DIMENSION } from '@pixel-wars/protocol';
import { AdminCommandError } from './admin-command';
import { BotText } from './i18n/bot-catalogue';

/** The text after a command as the handler sees it: trimmed, and split into words. */
export function splitArgs(rest: string): { text: string; args: string[] } {
  const text = rest.trim();
  return { text, args: text === '' ? [] : text.split(/\s+/) };
}

/** Longest ban in minutes (10 years); longer means "permanent": omit the minutes. */
export const MAX_BAN_MINUTES = 10 * 365 * 24 * 60;

/** A palette index ("5") or an exact palette colour ("#ff4500"); null when absent. */
export function parseColour(arg: string | undefined, palette: readonly string[]): number | null {
  if (arg === undefined) return null;
  if (/^\d{1,3}$/.test(arg)) {
    const index = Number(arg);
    if (index < palette.length) return index;
    throw new AdminCommandError(new BotText('args.colourIndex', { value: arg, max: palette.length - 1, example: palette[0] }));
  }
  const hex = /^#?([0-9a-f]{6})$/i.exec(arg);
  if (hex) {
    const index = palette.findIndex((c) => c.toLowerCase() === `#${hex[1].toLowerCase()}`);
    if (index >= 0) return index;
    throw new AdminCommandError(new BotText('args.colourHex', { value: `#${hex[1].toLowerCase()}` }));
  }
  throw new AdminCommandError(new BotText('args.notColour', { value: arg, max: palette.length - 1, example: palette[0] }));
}

/** "WxH" (or "W×H", "W*H"); null when absent. */
export function parseSize(arg: string | undefined): { width: number; height: number } | null {
  if (arg === undefined) return null;
  const match = /^(\d{1,5})\s*[x×*]\s*(\d{1,5})$/i.exec(arg);
  if (!match) throw new AdminCommandError(new BotText('args.notSize', { value: arg }));
  const width = Number(match[1]);
  const height = Number(match[2]);
  for (const value of [width, height]) {
    if (value < 1 || value > MAX_CANVAS_DIMENSION) {
      throw new AdminCommandError(new BotText('args.sizeRange', { max: MAX_CANVAS_DIMENSION }));
    }
  }
  return { width, height };
}

/** Ban length in minutes; null (permanent) when absent. */
export function parseMinutes(arg: string | undefined): number | null {
  if (arg === undefined) return null;
  if (!/^\d+$/.test(arg) || Number(arg) < 1 || Number(arg) > MAX_BAN_MINUTES) {
    throw new AdminCommandError(new BotText('args.notMinutes', { value: arg, max: MAX_BAN_MINUTES }));
  }
  return Number(arg);
}

/** A positive count with a default and a ceiling, e.g. /feedback [n]. */
export function parseCount(arg: string | undefined, fallback: number, max: number): number {
  if (arg === undefined) return fallback;
  if (!/^\d+$/.test(arg) || Number(arg) < 1) throw new AdminCommandError(new BotText('args.notPositive', { value: arg }));
  return Math.min(Number(arg), max);
}

/** Fails when more arguments than expected were given. */
export function expectAtMost(args: readonly string[], count: number, usage: string): void {
  if (args.length > count) throw new AdminCommandError(new BotText('args.tooMany', { usage }));
}
