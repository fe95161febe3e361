import { z } from 'zod';
import { createZodDto, firstIssue } from '../common/zod-dto';

/** The raw `Telegram.WebApp.initData` query string (a few hundred bytes; 4 KB leaves room for long names). */
export const telegramInitDataBody = z.object({ initData: z.string().min(1).max(4096) }).strict();

export const googleCredentialBody = z.object({ credential: z.string().min(1).max(8192) }).strict();

/** Dev-login names: 1..32 letters, digits, spaces, `_ . -`, starting with a letter or digit. */
export const devLoginBody = z
  .object({
    name: z
      .string()
      .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
      .pipe(
        z
          .string()
          .min(1, 'name must not be empty')
          .max(32, 'name must be at most 32 characters')
          .regex(/^[\p{L}\p{N}][\p{L}\p{N}\p{M} _.-]*$/u, 'name may contain letters, digits, spaces, "_", "." and "-"'),
      ),
  })
  .strict();

/** An absent body is read as `{}`, so the answer names the missing field; any problem is 400 BAD_REQUEST naming the first issue. */
const authBody = <T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>) =>
  createZodDto(
    z.preprocess((body) => body ?? {}, schema),
    { code: 'BAD_REQUEST', message: (error) => firstIssue(error, 'invalid request body') },
  );

export class GoogleCredentialDto extends authBody(googleCredentialBody) {}
export class DevLoginDto extends authBody(devLoginBody) {}
export class TelegramInitDataDto extends authBody(telegramInitDataBody) {}
