/** A catalogue entry: plain text, or one text per CLDR plural category (chosen by `count`). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralForms;
export type MessageParams = Readonly<Record<string, string | number>>;

/** The Intl objects one locale formats with (built once per locale). */
export interface Formatters {
  plural: Intl.PluralRules;
  number: Intl.NumberFormat;
}

export function formattersFor(tag: string): Formatters {
  return { plural: new Intl.PluralRules(tag), number: new Intl.NumberFormat(tag) };
}

/**
 * Fills `{name}` placeholders: numbers through the locale's NumberFormat (so 2000 reads
 * "2,000" or "2 000"), strings as they are. A plural message picks its form by `count`.
 */
export function formatMessage(message: Message, params: MessageParams | undefined, formatters: Formatters): string {
  const text = typeof message === 'string' ? message : pluralForm(message, params?.['count'], formatters.plural);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatters.number.format(value) : value;
  });
}

function pluralForm(forms: PluralForms, count: string | number | undefined, rules: Intl.PluralRules): string {
  const n = typeof count === 'number' ? count : Number(count);
  if (!Number.isFinite(n)) return forms.other;
  return forms[rules.select(n)] ?? forms.other;
}

export function isPluralForms(value: unknown): value is PluralForms {
  return typeof value === 'object' && value !== null && typeof (value as PluralForms).other === 'string';
}
