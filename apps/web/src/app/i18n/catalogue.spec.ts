import { ERROR_CODES, LOCALE_CODES, type Locale } from '@pixel-wars/protocol';
import { Catalogue, FALLBACK_CATALOGUE, loadCatalogue } from './catalogue';
import { Message, isPluralForms } from './message-format';

/** Texts that are the same in every language: names and pure formats. */
const SAME_EVERYWHERE = new Set([
  'app.name',
  'manifest.name',
  'manifest.shortName',
  'title.play',
  'palette.swatch',
  'feedback.counter',
  'account.links.telegram',
  'account.links.google',
]);
/** Latin words a Russian text may contain: brand names and key names. */
const LATIN_IN_RUSSIAN = /Pixel Wars|Google|Telegram|\bEnter\b|\bR\b/g;

const texts = (message: Message): string[] =>
  typeof message === 'string' ? [message] : Object.values(message).filter((v): v is string => typeof v === 'string');
const placeholders = (message: Message) => [...new Set(texts(message).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();

describe('catalogues', () => {
  const loaded = new Map<Locale, Catalogue>();

  beforeAll(async () => {
    for (const locale of LOCALE_CODES) loaded.set(locale, await loadCatalogue(locale));
  });

  it('has exactly the keys of the English catalogue in every language', () => {
    const reference = Object.keys(FALLBACK_CATALOGUE).sort();
    for (const [locale, catalogue] of loaded) {
      const keys = Object.keys(catalogue).sort();
      expect({ locale, missing: reference.filter((k) => !keys.includes(k)), extra: keys.filter((k) => !reference.includes(k)) }).toEqual({
        locale,
        missing: [],
        extra: [],
      });
    }
  });

  it('has a text for every error code in every language', () => {
    for (const [locale, catalogue] of loaded) {
      const missing = ERROR_CODES.filter((code) => !texts((catalogue as Record<string, Message>)[`errors.${code}`] ?? '').some((t) => t.trim()));
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it('uses the same placeholders as English, and every plural form the language needs', () => {
    for (const [locale, catalogue] of loaded) {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [key, english] of Object.entries(FALLBACK_CATALOGUE) as [keyof Catalogue, Message][]) {
        const message = catalogue[key];
        expect(placeholders(message), `${locale} ${key}`).toEqual(placeholders(english));
        expect(isPluralForms(message), `${locale} ${key} is plural like English`).toBe(isPluralForms(english));
        if (isPluralForms(message)) for (const category of categories) expect(message[category], `${locale} ${key}.${category}`).toBeTruthy();
        for (const text of texts(message)) expect(text.trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it('has nothing left untranslated', () => {
    for (const [locale, catalogue] of loaded) {
      if (locale === 'en') continue;
      const copied = (Object.keys(FALLBACK_CATALOGUE) as (keyof Catalogue)[]).filter(
        (key) => !SAME_EVERYWHERE.has(key) && JSON.stringify(catalogue[key]) === JSON.stringify(FALLBACK_CATALOGUE[key]),
      );
      expect({ locale, copied }).toEqual({ locale, copied: [] });
    }
    const russian = loaded.get('ru')!;
    const latin = Object.entries(russian).filter(([, m]) => texts(m).some((t) => /[A-Za-z]/.test(t.replace(/\{\w+\}/g, '').replace(LATIN_IN_RUSSIAN, ''))));
    expect(latin).toEqual([]);
    const english = loaded.get('en')!;
    expect(Object.entries(english).filter(([, m]) => texts(m).some((t) => /\p{Script=Cyrillic}/u.test(t)))).toEqual([]);
  });
});
