import { createHmac } from 'node:crypto';
import { AppConfig } from '../config/app-config';

/** Path (under the global `/api` prefix) that receives updates in webhook mode. */
export const WEBHOOK_ROUTE = 'telegram/webhook';
export const WEBHOOK_PATH = `/api/${WEBHOOK_ROUTE}`;
/** The updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** The bot's settings, derived once from the configuration (only exists when TELEGRAM_BOT_TOKEN is set). */
export class TelegramSettings {
  readonly token: string;
  readonly adminIds: readonly number[];
  /** Bot API root with a trailing slash (telegraf appends `bot<token>/<method>`), or null for api.telegram.org. */
  readonly apiRoot: string | null;
  readonly webhookUrl: string | null;
  /** Registered with setWebhook and compared with X-Telegram-Bot-Api-Secret-Token (1–256 of [A-Za-z0-9_-]). */
  readonly webhookSecret: string;
  /** PUBLIC_URL: what the menu button and /play open. */
  readonly publicUrl: string;

  constructor(telegram: NonNullable<AppConfig['telegram']>, publicUrl: string) {
    this.publicUrl = publicUrl;
    this.token = telegram.botToken;
    this.adminIds = [...telegram.adminIds];
    this.apiRoot = telegram.apiRoot ? (telegram.apiRoot.endsWith('/') ? telegram.apiRoot : `${telegram.apiRoot}/`) : null;
    this.webhookUrl = telegram.webhookUrl;
    this.webhookSecret = createHmac('sha256', telegram.botToken).update('pixel-wars webhook').digest('hex');
  }

  isAdmin(userId: number | undefined): boolean {
    return userId !== undefined && this.adminIds.includes(userId);
  }
}
