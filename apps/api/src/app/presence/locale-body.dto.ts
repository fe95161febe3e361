import { LOCALE_CODES, type Locale } from '@pixel-wars/protocol';
import { z } from 'zod';
import { createZodDto } from '../common/zod-dto';

const [first, ...rest] = LOCALE_CODES;

/** `PUT /api/me/locale` body: exactly `{locale}`, one of the interface languages. */
export const localeBodySchema = z.object({ locale: z.enum([first, ...rest] as [Locale, ...Locale[]]) }).strict();

/** Any other body is 400 `INVALID_LOCALE` listing the accepted languages. */
export class LocaleBodyDto extends createZodDto(localeBodySchema, {
  code: 'INVALID_LOCALE',
  message: () => `Body must be {"locale": ${LOCALE_CODES.map((c) => `"${c}"`).join(' | ')}}.`,
}) {}
