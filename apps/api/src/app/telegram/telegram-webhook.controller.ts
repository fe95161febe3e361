import { Body, Controller, Headers, HttpCode, Logger, Post } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { timingSafeEqual } from 'node:crypto';
import type { Update } from 'telegraf/types';
import { ApiError } from '../common/api-error';
import { TelegramBotClient, WEBHOOK_ROUTE } from './telegram-bot.client';

/**
 * `POST /api/telegram/webhook`: updates from Telegram in webhook mode (TELEGRAM_WEBHOOK_URL).
 * Only requests carrying the secret token registered with setWebhook are accepted.
 */
@SkipThrottle()
@Controller(WEBHOOK_ROUTE)
export class TelegramWebhookController {
  private readonly logger = new Logger('TelegramBot');

  constructor(private readonly client: TelegramBotClient) {}

  @Post()
  @HttpCode(200)
  async receive(@Headers('x-telegram-bot-api-secret-token') secret: string | undefined, @Body() update: Update): Promise<{ ok: true }> {
    if (!this.client.enabled || !this.client.webhookUrl || !this.client.webhookSecret) {
      throw new ApiError(404, 'NOT_FOUND', 'The Telegram webhook is not enabled.');
    }
    if (!secret || !sameSecret(secret, this.client.webhookSecret)) {
      throw new ApiError(401, 'UNAUTHORIZED', 'Missing or wrong X-Telegram-Bot-Api-Secret-Token.');
    }
    if (typeof update !== 'object' || update === null || !Number.isSafeInteger((update as { update_id?: unknown }).update_id)) {
      throw new ApiError(400, 'BAD_REQUEST', 'The body is not a Telegram update.');
    }
    // handled before answering, so Telegram redelivers it if we crash midway; errors end in the bot's catch handler
    await this.client.handleUpdate(update).catch((error: unknown) => this.logger.error(`webhook update ${update.update_id} not handled: ${String(error)}`));
    return { ok: true };
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
