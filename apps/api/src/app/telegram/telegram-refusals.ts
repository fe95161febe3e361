import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Context } from 'telegraf';
import { AdminAuditLog } from '../admin/admin-audit-log';
import { botLocaleOf, botText } from '../admin/i18n/bot-catalogue';
import { leadingCommand } from './relevant-updates.middleware';
import { actorOf } from './telegram-actor';

/** Refusals answered (and audited) per Telegram user per window; the rest are dropped silently. */
export const REFUSALS_PER_WINDOW = 3;
export const REFUSAL_WINDOW_MS = 10 * 60_000;

/** The refusal in the sender's Telegram language. */
export const REFUSAL_TEXT = (userId: number, languageCode?: string): string => botText(botLocaleOf(languageCode), 'console.refusal', { id: userId });

/**
 * Answers someone who is not an admin: a polite reply with their user id (so a new admin
 * can find it), an audit entry for a command or a button press. Counted per Telegram user
 * in the app's rate-limit storage: past REFUSALS_PER_WINDOW in REFUSAL_WINDOW_MS nothing is
 * sent and nothing is written, so a flood of commands floods neither the chat nor the audit log.
 */
@Injectable()
export class TelegramRefusals {
  private readonly logger = new Logger('TelegramBot');

  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    private readonly audit: AdminAuditLog,
  ) {}

  async refuse(ctx: Context): Promise<void> {
    const from = ctx.from;
    if (!from) return;
    const record = await this.storage.increment(`telegram-refusal:${from.id}`, REFUSAL_WINDOW_MS, REFUSALS_PER_WINDOW, 0, 'telegram-refusal');
    if (record.isBlocked) {
      this.logger.debug(`refusal to Telegram user ${from.id} not sent: over ${REFUSALS_PER_WINDOW} in ${REFUSAL_WINDOW_MS / 60_000} min`);
      return;
    }
    const actor = actorOf(from);
    if (ctx.callbackQuery) {
      const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : '';
      await this.audit.record({
        channel: 'telegram',
        actorId: actor.id,
        actorName: actor.name,
        action: 'button',
        args: data || null,
        result: 'denied',
        detail: null,
      });
      await ctx.answerCbQuery(botText(botLocaleOf(from.language_code), 'console.refusalButton'), { show_alert: true });
      return;
    }
    const command = ctx.message && 'text' in ctx.message ? leadingCommand(ctx.message) : null;
    if (command) {
      await this.audit.record({
        channel: 'telegram',
        actorId: actor.id,
        actorName: actor.name,
        action: command.name,
        args: command.text || null,
        result: 'denied',
        detail: null,
      });
    } else {
      this.logger.debug(`message from non-admin ${from.id} answered with the refusal`);
    }
    await ctx.reply(REFUSAL_TEXT(from.id, from.language_code));
  }
}
