import { Injectable } from '@nestjs/common';
import { parse, validate } from '@telegram-apps/init-data-node';
import { ConfigurationService } from '../config/configuration.service';

/** The Telegram user a valid Mini App init data string speaks for. */
export interface TelegramIdentity {
  /** Telegram user id, decimal. */
  id: string;
  firstName: string;
  lastName: string | null;
  username: string | null;
  languageCode: string | null;
  photoUrl: string | null;
}

export class InvalidTelegramData extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTelegramData';
  }
}

export class TelegramSignInUnavailable extends Error {}

/**
 * Checks `Telegram.WebApp.initData` (docs/protocol.md 10) with @telegram-apps/init-data-node:
 * the `hash` (HMAC-SHA-256 of the sorted fields, key HMAC-SHA-256("WebAppData", bot token)),
 * `auth_date` at most TELEGRAM_AUTH_MAX_AGE_SEC old, and a well-formed `user`. Init data
 * stays valid (replayable) until that age: it is the Mini App's own proof, resent at will.
 */
@Injectable()
export class TelegramInitDataVerifier {
  constructor(private readonly configuration: ConfigurationService) {}

  get enabled(): boolean {
    return this.configuration.config.telegram !== null;
  }

  verify(initData: string): TelegramIdentity {
    const telegram = this.configuration.config.telegram;
    if (!telegram) throw new TelegramSignInUnavailable('Telegram sign-in is not configured on this server.');
    try {
      validate(initData, telegram.botToken, { expiresIn: telegram.authMaxAgeSeconds });
    } catch (error) {
      throw new InvalidTelegramData(describe(error));
    }
    let user;
    try {
      user = parse(initData).user;
    } catch {
      throw new InvalidTelegramData('The Telegram init data is malformed.');
    }
    if (!user || !Number.isSafeInteger(user.id) || user.id <= 0) throw new InvalidTelegramData('The Telegram init data names no user.');
    return {
      id: String(user.id),
      firstName: user.first_name ?? '',
      lastName: user.last_name || null,
      username: user.username || null,
      languageCode: user.language_code || null,
      photoUrl: user.photo_url && /^https:\/\//.test(user.photo_url) ? user.photo_url : null,
    };
  }
}

function describe(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'ExpiredError') return 'The Telegram init data has expired: reopen the Mini App.';
  if (name === 'SignatureMissingError') return 'The Telegram init data carries no hash.';
  if (name === 'AuthDateInvalidError') return 'The Telegram init data has no valid auth_date.';
  return 'The Telegram init data is not signed by this bot.';
}

/** "First Last", else the username, for cleanDisplayName. */
export function telegramDisplayName(identity: TelegramIdentity): string {
  const full = [identity.firstName, identity.lastName].filter(Boolean).join(' ').trim();
  return full || identity.username || '';
}
