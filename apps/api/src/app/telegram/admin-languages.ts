import { Injectable, Logger } from '@nestjs/common';
import { DEFAULT_LOCALE, type Locale } from '@pixel-wars/protocol';
import { botLocaleOf } from '../admin/i18n/bot-catalogue';
import { AdminLanguageRepository } from './admin-language.repository';

/**
 * The language each admin last wrote to the bot in (their Telegram app's `language_code`),
 * for what the bot sends unasked: feedback forwards. Stored in the database, so it holds
 * across restarts and on every instance; English for an admin who never wrote to the bot.
 */
@Injectable()
export class AdminLanguages {
  private readonly logger = new Logger(AdminLanguages.name);
  /** What this instance last stored per admin: an unchanged language is not written again. */
  private readonly stored = new Map<number, Locale>();

  constructor(private readonly repository: AdminLanguageRepository) {}

  /** Called on every admin update; writes only when the language changed. */
  remember(userId: number, languageCode: string | undefined): void {
    const locale = botLocaleOf(languageCode);
    if (this.stored.get(userId) === locale) return;
    this.stored.set(userId, locale);
    this.repository.save(userId, locale, Date.now()).catch((error: Error) => {
      this.stored.delete(userId);
      this.logger.warn(`language of admin ${userId} not stored: ${error.message}`);
    });
  }

  async localeOf(userId: number): Promise<Locale> {
    try {
      return (await this.repository.find(userId)) ?? DEFAULT_LOCALE;
    } catch (error) {
      this.logger.warn(`language of admin ${userId} not read: ${(error as Error).message}`);
      return this.stored.get(userId) ?? DEFAULT_LOCALE;
    }
  }
}
