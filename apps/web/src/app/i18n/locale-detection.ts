import { InjectionToken } from '@angular/core';
import { LOCALE_CODES, type Locale } from '@pixel-wars/protocol';

/** The interface language for a list of BCP 47 tags (most preferred first), or null. */
export function matchLocale(tags: readonly (string | null | undefined)[]): Locale | null {
  for (const tag of tags) {
    const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
    const match = LOCALE_CODES.find((code) => code === language);
    if (match) return match;
  }
  return null;
}

/**
 * Language hints that outrank the browser's languages on a first visit (no choice stored
 * yet). The default reads the Telegram Mini App user's `language_code`; it is null outside
 * Telegram. Provide more (or other) hints with this token.
 */
export const LOCALE_HINTS = new InjectionToken<readonly (() => string | null)[]>('LOCALE_HINTS', {
  providedIn: 'root',
  factory: () => [telegramLanguageCode],
});

interface TelegramGlobal {
  Telegram?: { WebApp?: { initDataUnsafe?: { user?: { language_code?: unknown } } } };
}

/** `Telegram.WebApp.initDataUnsafe.user.language_code` when running as a Mini App. */
export function telegramLanguageCode(): string | null {
  const code = (globalThis as TelegramGlobal).Telegram?.WebApp?.initDataUnsafe?.user?.language_code;
  return typeof code === 'string' ? code : null;
}
