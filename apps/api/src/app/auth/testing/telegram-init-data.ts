import { sign } from '@telegram-apps/init-data-node';

/** A Telegram user as it appears in init data. */
export interface TestTelegramUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  photo_url?: string;
}

/** Init data as Telegram would give the Mini App, signed with `botToken`, issued `ageSeconds` ago. */
export function signTestInitData(botToken: string, user: TestTelegramUser | null, ageSeconds = 0): string {
  return sign(
    { ...(user ? { user } : {}), query_id: 'AAHtest', chat_instance: '-100', chat_type: 'sender' } as never,
    botToken,
    new Date(Date.now() - ageSeconds * 1000),
  );
}

/** The same init data with one field replaced and the original hash kept (a tampering attempt). */
export function withField(initData: string, name: string, value: string | null): string {
  const params = new URLSearchParams(initData);
  if (value === null) params.delete(name);
  else params.set(name, value);
  return params.toString();
}
