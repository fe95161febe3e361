import type { User } from 'telegraf/types';
import { AdminActor } from '../admin/admin-command';
import { botLocaleOf } from '../admin/i18n/bot-catalogue';

/** The admin console's name for a Telegram user ("@username", else the display name) and their app's language. */
export function actorOf(user: User): AdminActor {
  const name = user.username ? `@${user.username}` : [user.first_name, user.last_name].filter(Boolean).join(' ');
  return { channel: 'telegram', id: String(user.id), name, locale: botLocaleOf(user.language_code) };
}
