import { Injectable, PipeTransform } from '@nestjs/common';
import { LOCALE_CODES, type Locale, type SetLocaleRequest } from '@pixel-wars/protocol';
import { z } from 'zod';
import { ApiError } from '../common/api-error';

const [first, ...rest] = LOCALE_CODES;

/** `PUT /api/me/locale` body: exactly `{locale}`, one of the interface languages. */
export const localeBodySchema = z.object({ locale: z.enum([first, ...rest] as [Locale, ...Locale[]]) }).strict();

/** Any other body is 400 `INVALID_LOCALE` listing the accepted languages. */
@Injectable()
export class LocaleBodyPipe implements PipeTransform<unknown, SetLocaleRequest> {
  transform(value: unknown): SetLocaleRequest {
    const result = localeBodySchema.safeParse(value);
    if (!result.success) {
      throw new ApiError(400, 'INVALID_LOCALE', `Body must be {"locale": ${LOCALE_CODES.map((c) => `"${c}"`).join(' | ')}}.`);
    }
    return result.data;
  }
}
