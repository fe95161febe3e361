import { DEFAULT_LOCALE, type Locale } from '@pixel-wars/protocol';
import en from './catalogues/en.json';
import type { Message } from './message-format';

/** Every text of the interface, by key; English is the reference every catalogue matches. */
export type MessageKey = keyof typeof en;
export type Catalogue = Readonly<Record<MessageKey, Message>>;

export const FALLBACK_CATALOGUE: Catalogue = en;

/**
 * The catalogue of a language: English is in the main bundle (the fallback), the others
 * are one lazy chunk each (`catalogues/<code>.json`; the service worker prefetches them).
 */
export async function loadCatalogue(locale: Locale): Promise<Catalogue> {
  if (locale === DEFAULT_LOCALE) return FALLBACK_CATALOGUE;
  const module = (await import(`./catalogues/${locale}.json`)) as { default: Catalogue };
  return module.default;
}

/** The signature of `I18n.t`, for plain functions that word things (errors, colours). */
export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;
