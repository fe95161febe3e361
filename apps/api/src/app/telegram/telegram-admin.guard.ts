import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { TelegrafExecutionContext } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { AdminLanguages } from './admin-languages';
import { TelegramSettings } from './telegram-settings';

/**
 * Lets through updates from TELEGRAM_ADMIN_IDS only; a refusal becomes a ForbiddenException
 * for TelegramExceptionFilter. Notes each admin's language for the forwards.
 */
@Injectable()
export class TelegramAdminGuard implements CanActivate {
  constructor(
    private readonly settings: TelegramSettings,
    private readonly languages: AdminLanguages,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const from = TelegrafExecutionContext.create(context).getContext<Context>().from;
    if (!this.settings.isAdmin(from?.id)) return false;
    if (from) this.languages.remember(from.id, from.language_code);
    return true;
  }
}
