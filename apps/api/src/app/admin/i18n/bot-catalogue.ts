import { DEFAULT_LOCALE, type Locale } from '@pixel-wars/protocol';
import { en } from './catalogues/en';
import { ru } from './catalogues/ru';

/** An entry: plain text, or one text per CLDR plural category (chosen by the `count` parameter). */
import type { BotCatalogue, BotMessage, BotMessageKey, PluralForms } from './bot-catalogue-types';

export type { BotCatalogue, BotMessage, BotMessageKey, PluralForms };
export type BotTextParams = Readonly<Record<string, string | number>>;

/**
 * The admin console's languages, a subset of libs/protocol LOCALES: an admin whose Telegram
 * app uses another language reads English. A language is one file in catalogues/ plus its line here.
 */
export const BOT_CATALOGUES: Readonly<Partial<Record<Locale, BotCatalogue>>> = { en, ru };

/** The languages with a catalogue, the default (English) first. */
export const BOT_LOCALES = Object.keys(BOT_CATALOGUES) as Locale[];

const pluralRules = new Map<Locale, Intl.PluralRules>();

/**
 * The admin console's language for a Telegram `language_code` (or any BCP 47 tag):
 * its primary subtag when there is a catalogue for it ("ru-RU" → ru), else English.
 */
export function botLocaleOf(languageCode: string | undefined | null): Locale {
  const primary = (languageCode ?? '').toLowerCase().split(/[-_]/)[0];
  return Object.prototype.hasOwnProperty.call(BOT_CATALOGUES, primary) ? (primary as Locale) : DEFAULT_LOCALE;
}

export function hasBotText(key: string): key is BotMessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/**
 * The text of `key` in `locale` with `{name}` placeholders filled (numbers as plain digits:
 * ids and versions must read the same in every language). Plural entries pick their form by `count`.
 */
export function botText(locale: Locale, key: BotMessageKey, params?: BotTextParams): string {
  const message = BOT_CATALOGUES[locale]?.[key] ?? en[key];
  const text = typeof message === 'string' ? message : pluralForm(locale, message, params?.['count']);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

function pluralForm(locale: Locale, forms: PluralForms, count: string | number | undefined): string {
  const n = Number(count);
  if (!Number.isFinite(n)) return forms.other;
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return forms[rules.select(n)] ?? forms.other;
}

/**
 * A text to be worded in the reader's language later: what channel-neutral code (the admin
 * actions, argument parsers) carries in an error, since it does not know who reads it.
 */
export class BotText {
  constructor(
    readonly key: BotMessageKey,
    readonly params?: BotTextParams,
  ) {}

  in(locale: Locale): string {
    return botText(locale, this.key, this.params);
  }
}

/** A command's line in the menu and /help: the catalogue's text, else what the command registered. */
export function commandText(
  locale: Locale,
  command: string,
  part: 'description' | 'usage',
  fallback: string | undefined,
  params?: BotTextParams,
): string | undefined {
  const key = `command.${command}.${part}`;
  return hasBotText(key) ? botText(locale, key, params) : fallback;
}
