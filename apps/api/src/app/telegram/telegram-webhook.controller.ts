import { Body, Controller, HttpCode, Logger, Post, Req, ServiceUnavailableException } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { InjectBot } from 'nestjs-telegraf';
import type { Context, Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { ApiError } from '../common/api-error';
import { describeError } from './telegram-errors';
import { TelegramWebhookGate } from './telegram-webhook.gate';
import { WEBHOOK_ROUTE } from './telegram-settings';

/**
 * `POST /api/telegram/webhook`: updates from Telegram in webhook mode (TELEGRAM_WEBHOOK_URL).
 * TelegramWebhookGate has checked the secret token and the rate limit before the body was read.
 */
@SkipThrottle()
@Controller(WEBHOOK_ROUTE)
export class TelegramWebhookController {
  private readonly logger = new Logger('TelegramBot');

  constructor(
    @InjectBot() private readonly bot: Telegraf<Context>,
    private readonly gate: TelegramWebhookGate,
  ) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() req: FastifyRequest, @Body() update: unknown): Promise<{ ok: true }> {
    if (!this.gate.admitted(req)) throw new ApiError(401, 'UNAUTHORIZED', 'Missing or wrong X-Telegram-Bot-Api-Secret-Token.');
    if (typeof update !== 'object' || update === null || !Number.isSafeInteger((update as { update_id?: unknown }).update_id)) {
      throw new ApiError(400, 'BAD_REQUEST', 'The body is not a Telegram update.');
    }
    // handled before answering, so Telegram delivers it again if we crash midway; handler errors are logged by the bot
    try {
      await this.bot.handleUpdate(update as Update);
    } catch (error) {
      this.logger.warn(`webhook update ${(update as Update).update_id} not handled: ${describeError(error)}`);
      throw new ServiceUnavailableException('The update could not be handled now; Telegram delivers it again later.');
    }
    return { ok: true };
  }
}
