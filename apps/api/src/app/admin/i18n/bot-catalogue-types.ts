import type { en } from './catalogues/en';

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type BotMessage = string | PluralForms;
/** Every key of the reference (English) catalogue. */
export type BotMessageKey = keyof typeof en;
/** A catalogue: the English keys, each with its text (or plural forms) in one language. */
export type BotCatalogue = Readonly<Record<BotMessageKey, BotMessage>>;
