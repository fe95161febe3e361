import { z } from 'zod';
import { ApiError } from '../common/api-error';

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

/** Parses a JSON body or answers 400 BAD_REQUEST naming the first problem. */
export function parseBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ApiError(400, 'BAD_REQUEST', `${where}${issue?.message ?? 'invalid request body'}`);
}
