/**
 * The interface languages, each with its own name for the language switch. Adding a
 * language is this one line plus its catalogue (apps/web/src/app/i18n/catalogues/<code>.json);
 * see docs/i18n.md. The first entry is the fallback.
 */
export const LOCALES = {
  en: 'English',
  ru: 'Русский',
} as const;

export type Locale = keyof typeof LOCALES;

export const LOCALE_CODES = Object.keys(LOCALES) as Locale[];

export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LOCALES, value);
}
