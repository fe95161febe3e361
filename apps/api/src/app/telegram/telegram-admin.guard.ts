import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { TelegrafExecutionContext } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { TelegramSettings } from './telegram-settings';

/** Lets through updates from TELEGRAM_ADMIN_IDS only; a refusal becomes a ForbiddenException for TelegramExceptionFilter. */
@Injectable()
export class TelegramAdminGuard implements CanActivate {
  constructor(private readonly settings: TelegramSettings) {}

  canActivate(context: ExecutionContext): boolean {
    const ctx = TelegrafExecutionContext.create(context).getContext<Context>();
    return this.settings.isAdmin(ctx.from?.id);
  }
}
