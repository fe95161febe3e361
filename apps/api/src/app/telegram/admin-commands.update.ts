import { HttpException, Logger, UseFilters, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Action, Command, Ctx, On, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { CallbackQuery, Message, Update as TelegramUpdate, User } from 'telegraf/types';
import { AdminActionError } from '../admin/admin-actions.service';
import { AdminAuditLog, AuditResult } from '../admin/admin-audit-log';
import { AdminActor, AdminCommand, AdminCommandContext, AdminCommandError, AdminReply, ConfirmationRequest, replyText } from '../admin/admin-command';
import { AdminCommandRegistry, COMMAND_NAME } from '../admin/admin-command-registry';
import { formatDuration } from '../admin/admin-format';
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
      await ctx.reply(`Unknown command /${ctx.command.toLowerCase()}. Send /help for the list.`);
      return;
    }
    const ageS = Math.floor(Date.now() / 1000) - ctx.message.date;
    if (ageS > STALE_COMMAND_S) {
      const refusal = `Not run: /${ctx.command.toLowerCase()} was sent ${formatDuration(ageS * 1000)} ago, while the server was offline. Send it again if it still applies.`;
      await this.record(actor, command.command, text, 'rejected', refusal);
      await ctx.reply(refusal);
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
      await ctx.answerCbQuery('Cancelled.');
      await ctx.editMessageText(`Cancelled: /${pending.action}${pending.args ? ` ${pending.args}` : ''} was not run.`);
      return;
    }
    await ctx.answerCbQuery('Working…');
    let reply: AdminReply;
    try {
      reply = await pending.run(actor);
      await this.record(actor, pending.action, pending.args, 'ok', replyText(reply));
    } catch (error) {
      const failure = this.describeFailure(pending.action, error);
      await this.record(actor, pending.action, pending.args, failure.result, failure.text);
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
    if (ctx.message?.chat.type === 'private') await ctx.reply('Send /help for the list of commands.');
  }

  private async execute(ctx: CommandCtx, command: AdminCommand, actor: AdminActor, text: string, args: string[]): Promise<void> {
    let requested = false;
    const context: AdminCommandContext = {
      actor,
      args,
      text,
      confirm: async (request) => {
        await this.askConfirmation(ctx, command.command, text, actor, request);
        requested = true;
      },
      send: (reply) => sendReply(ctx, reply).catch((error: unknown) => this.logger.warn(`/${command.command}: a later answer was not delivered (${describeError(error)})`)),
    };
    let reply: AdminReply | void;
    try {
      reply = await command.handler(context);
    } catch (error) {
      const failure = this.describeFailure(command.command, error);
      await this.record(actor, command.command, text, failure.result, failure.text);
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
            { text: 'Cancel', callback_data: `cf:${nonce}:n` },
          ],
        ],
      },
    });
  }

  private async expired(ctx: Context): Promise<void> {
    await ctx.answerCbQuery('This confirmation has expired or was already answered. Send the command again.', { show_alert: true });
    await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  }

  private describeFailure(action: string, error: unknown): { result: AuditResult; text: string } {
    if (error instanceof AdminCommandError || error instanceof AdminActionError) return { result: 'rejected', text: error.message };
    if (error instanceof HttpException && error.getStatus() < 500) return { result: 'rejected', text: error.message };
    this.logger.error(`/${action} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { result: 'failed', text: `/${action} failed: ${error instanceof Error ? error.message : String(error)}` };
  }

  private record(actor: AdminActor, action: string, args: string, result: AuditResult, detail: string | null): Promise<void> {
    return this.audit.record({ channel: 'telegram', actorId: actor.id, actorName: actor.name, action, args: args || null, result, detail });
  }
}
