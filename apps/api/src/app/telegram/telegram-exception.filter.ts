import { ArgumentsHost, Catch, ExceptionFilter, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { TelegrafArgumentsHost } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { describeError } from './telegram-errors';
import { TelegramRefusals } from './telegram-refusals';

/**
 * Errors of the bot's handlers: a refused sender (TelegramAdminGuard) gets the rate-limited
 * refusal; anything else is logged. Without it the app-wide HTTP filter would swallow them.
 */
@Catch()
@Injectable()
export class TelegramExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('TelegramBot');

  constructor(private readonly refusals: TelegramRefusals) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const ctx = TelegrafArgumentsHost.create(host).getContext<Context>();
    try {
      if (exception instanceof ForbiddenException) return await this.refusals.refuse(ctx);
      this.logger.error(`update ${ctx.update.update_id} failed: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    } catch (error) {
      this.logger.warn(`update ${ctx.update.update_id}: could not answer (${describeError(error)})`);
    }
  }
}
