import { HttpException, Logger, UseFilters, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Action, Command, Ctx, On, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Locale } from '@pixel-wars/protocol';
import type { CallbackQuery, Message, Update as TelegramUpdate, User } from 'telegraf/types';
import { AdminAuditLog, AuditResult } from '../admin/admin-audit-log';
import { AdminActor, AdminCommand, AdminCommandContext, AdminReply, ConfirmationRequest, replyText } from '../admin/admin-command';
import { AdminCommandRegistry, COMMAND_NAME } from '../admin/admin-command-registry';
import { formatDuration } from '../admin/admin-format';
import { botLocaleOf, botText, commandText } from '../admin/i18n/bot-catalogue';
import { LocalizedError } from '../admin/i18n/localized-error';
import { splitArgs } from '../admin/command-args';
import { CONFIRM_CALLBACK, ConfirmationStore } from './confirmations';
import { actorOf } from './telegram-actor';
import { TelegramAdminGuard } from './telegram-admin.guard';
import { describeError } from './telegram-errors';
import { TelegramExceptionFilter } from './telegram-exception.filter';
import { replacePrompt, sendReply } from './telegram-replies';

/** Commands older than this (sent while the server was down) are not run: the admin resends. */
export const STALE_COMMAND_S = 10 * 60;

type CommandCtx = Context<TelegramUpdate.MessageUpdate<Message.TextMessage>> & { from: User; command: string; payload: string };
type ButtonCtx = Context<TelegramUpdate.CallbackQueryUpdate<CallbackQuery.DataQuery>> & { from: User; match: RegExpExecArray };

/**
 * The admin console on Telegram. Every command goes to the AdminCommandRegistry, the
 * confirmation buttons to their pending action. Only admins get here (TelegramAdminGuard);
 * everyone else gets the rate-limited refusal (TelegramExceptionFilter). Every command and
 * button press is written to the admin audit log. Handlers answer with `await ctx.reply`
 * and return nothing: nestjs-telegraf would send a returned value as a second message.
 * The app's HTTP rate limit guard does not apply (refusals have their own per-user limit).
 */
@Update()
@SkipThrottle()
@UseGuards(TelegramAdminGuard)
@UseFilters(TelegramExceptionFilter)
export class AdminCommandsUpdate {
  private readonly logger = new Logger('TelegramBot');
  private readonly confirmations = new ConfirmationStore();

  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly audit: AdminAuditLog,
  ) {}

  @Command(COMMAND_NAME)
  async onCommand(@Ctx() ctx: CommandCtx): Promise<void> {
    const actor = actorOf(ctx.from);
    const name = ctx.command.toLowerCase() === 'start' ? 'help' : ctx.command.toLowerCase();
    const { text, args } = splitArgs(ctx.payload);
    const command = this.registry.get(name);
    if (!command) {
      await ctx.reply(botText(actor.locale, 'console.unknownCommand', { command: ctx.command.toLowerCase() }));
      return;
    }
    const ageS = Math.floor(Date.now() / 1000) - ctx.message.date;
    if (ageS > STALE_COMMAND_S) {
      const stale = (locale: Locale) => botText(locale, 'console.stale', { command: ctx.command.toLowerCase(), age: formatDuration(ageS * 1000, locale) });
      await this.record(actor, command.command, text, 'rejected', stale('en'));
      await ctx.reply(stale(actor.locale));
      return;
    }
    await this.execute(ctx, command, actor, text, args);
  }

  @Action(CONFIRM_CALLBACK)
  async onConfirmation(@Ctx() ctx: ButtonCtx): Promise<void> {
    const actor = actorOf(ctx.from);
    const pending = this.confirmations.take(ctx.match[1]);
    if (!pending) return this.expired(ctx);
    if (ctx.match[2] === 'n') {
      await this.record(actor, pending.action, pending.args, 'cancelled', null);
      await ctx.answerCbQuery(botText(actor.locale, 'console.cancelledToast'));
      await ctx.editMessageText(botText(actor.locale, 'console.cancelled', { command: `/${pending.action}${pending.args ? ` ${pending.args}` : ''}` }));
      return;
    }
    await ctx.answerCbQuery(botText(actor.locale, 'console.working'));
    let reply: AdminReply;
    try {
      reply = await pending.run(actor);
      await this.record(actor, pending.action, pending.args, 'ok', replyText(reply));
    } catch (error) {
      const failure = this.describeFailure(pending.action, error, actor.locale);
      await this.record(actor, pending.action, pending.args, failure.result, failure.logText);
      reply = failure.text;
    }
    await replacePrompt(ctx, reply);
  }

  /** A button of an older message (another data format, or from before a restart). */
  @On('callback_query')
  async onOtherButton(@Ctx() ctx: Context): Promise<void> {
    await this.expired(ctx);
  }

  /** Text that is not a command (private chats only; see relevantUpdatesOnly). */
  @On('message')
  async onText(@Ctx() ctx: Context): Promise<void> {
    if (ctx.message?.chat.type === 'private') await ctx.reply(botText(botLocaleOf(ctx.from?.language_code), 'console.sendHelp'));
  }

  private async execute(ctx: CommandCtx, command: AdminCommand, actor: AdminActor, text: string, args: string[]): Promise<void> {
    let requested = false;
    const context: AdminCommandContext = {
      actor,
      args,
      text,
      t: (key, params) => botText(actor.locale, key, params),
      usage: commandText(actor.locale, command.command, 'usage', command.usage, command.textParams) ?? `/${command.command}`,
      confirm: async (request) => {
        await this.askConfirmation(ctx, command.command, text, actor, request);
        requested = true;
      },
      send: (reply) =>
        sendReply(ctx, reply).catch((error: unknown) => this.logger.warn(`/${command.command}: a later answer was not delivered (${describeError(error)})`)),
    };
    let reply: AdminReply | void;
    try {
      reply = await command.handler(context);
    } catch (error) {
      const failure = this.describeFailure(command.command, error, actor.locale);
      await this.record(actor, command.command, text, failure.result, failure.logText);
      await ctx.reply(failure.text);
      return;
    }
    await this.record(actor, command.command, text, requested ? 'requested' : 'ok', reply === undefined ? null : replyText(reply));
    if (reply !== undefined) await sendReply(ctx, reply);
  }

  private async askConfirmation(ctx: Context, action: string, args: string, actor: AdminActor, request: ConfirmationRequest): Promise<void> {
    const nonce = this.confirmations.add({ ...request, action, args, requestedBy: actor });
    await ctx.reply(request.prompt, {
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [
            { text: request.confirmLabel, callback_data: `cf:${nonce}:y` },
            { text: botText(actor.locale, 'console.cancelButton'), callback_data: `cf:${nonce}:n` },
          ],
        ],
      },
    });
  }

  private async expired(ctx: Context): Promise<void> {
    await ctx.answerCbQuery(botText(botLocaleOf(ctx.from?.language_code), 'console.expired'), { show_alert: true });
    await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  }

  /** `text` for the admin in `locale`; `logText` in English for the audit log. */
  private describeFailure(action: string, error: unknown, locale: Locale): { result: AuditResult; text: string; logText: string } {
    if (error instanceof LocalizedError) return { result: 'rejected', text: error.in(locale), logText: error.message };
    if (error instanceof HttpException && error.getStatus() < 500) return { result: 'rejected', text: error.message, logText: error.message };
    this.logger.error(`/${action} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const reason = error instanceof Error ? error.message : String(error);
    return {
      result: 'failed',
      text: botText(locale, 'console.failed', { command: action, error: reason }),
      logText: botText('en', 'console.failed', { command: action, error: reason }),
    };
  }

  private record(actor: AdminActor, action: string, args: string, result: AuditResult, detail: string | null): Promise<void> {
    return this.audit.record({ channel: 'telegram', actorId: actor.id, actorName: actor.name, action, args: args || null, result, detail });
  }
}
