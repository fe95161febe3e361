import { Injectable } from '@nestjs/common';
import type { Locale } from '@pixel-wars/protocol';
import { botLocaleOf } from '../admin/i18n/bot-catalogue';

/**
 * The language each admin last wrote to the bot in (their Telegram app's `language_code`),
 * for what the bot sends unasked: feedback forwards. Kept in memory: until an admin's first
 * update after a start (or on another instance of a cluster), forwards are in English.
 */
@Injectable()
export class AdminLanguages {
  private readonly byId = new Map<number, Locale>();

  remember(userId: number, languageCode: string | undefined): void {
    this.byId.set(userId, botLocaleOf(languageCode));
  }

  localeOf(userId: number): Locale {
    return this.byId.get(userId) ?? 'en';
  }
}
