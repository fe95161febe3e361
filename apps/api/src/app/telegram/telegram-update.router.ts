import { HttpException, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Context } from 'telegraf';
import type { CallbackQuery, Message, User } from 'telegraf/types';
import { AdminActionError } from '../admin/admin-actions.service';
import { AdminAuditLog, AuditResult } from '../admin/admin-audit-log';
import { AdminActor, AdminCommand, AdminCommandContext, AdminCommandError, AdminCommandRegistry, AdminReply, ConfirmationRequest, HtmlReply } from './admin-command-registry';
import { CONFIRM_CALLBACK, ConfirmationStore } from './confirmations';
import { parseCommand, ParsedCommand } from './parse-command';
import { TelegramBotClient } from './telegram-bot.client';
import { formatDuration, htmlToPlain } from './telegram-format';

const REFUSAL_INTERVAL_MS = 60_000;
/** Commands older than this (sent while the server was down) are not run: the admin resends. */
export const STALE_COMMAND_S = 10 * 60;
const REFUSAL_MEMORY = 10_000;

export const REFUSAL_TEXT = (userId: number): string =>
  `Sorry, this bot only takes commands from the Pixel Wars admins. (Your Telegram user id is ${userId}, in case you are one and still need to be added.)`;

/**
 * Routes bot updates: commands from admins go to the AdminCommandRegistry, confirmation
 * buttons to their pending action; anyone else is refused politely. Every command and
 * button press (and every refused attempt) is written to the admin audit log.
 */
@Injectable()
export class TelegramUpdateRouter implements OnApplicationBootstrap {
  private readonly logger = new Logger('TelegramBot');
  private readonly confirmations = new ConfirmationStore();
  /** Last refusal reply per Telegram user, so a spammer does not make the bot spam back. */
  private readonly refusedAt = new Map<number, number>();

  constructor(
    private readonly client: TelegramBotClient,
    private readonly registry: AdminCommandRegistry,
    private readonly audit: AdminAuditLog,
  ) {}

  onApplicationBootstrap(): void {
    const bot = this.client.bot;
    if (!bot) return;
    bot.on('callback_query', (ctx) => this.onCallback(ctx, ctx.callbackQuery));
    bot.on('message', (ctx) => this.onMessage(ctx, ctx.message));
    this.client.start(this.registry.list().map((c) => ({ command: c.command, description: c.description.slice(0, 256) })));
  }

  private async onMessage(ctx: Context, message: Message): Promise<void> {
    const from = message.from;
    if (!from || from.is_bot || !('text' in message)) return;
    const parsed = parseCommand(message.text);
    const isPrivate = message.chat.type === 'private';
    if (parsed?.addressee && parsed.addressee.toLowerCase() !== ctx.botInfo.username.toLowerCase()) return;
    if (!parsed) {
      if (!isPrivate) return;
      if (this.client.isAdmin(from.id)) await ctx.reply('Send /help for the list of commands.');
      else await this.refuse(ctx, from, null);
      return;
    }
    if (!this.client.isAdmin(from.id)) return this.refuse(ctx, from, parsed);
    const name = parsed.command === 'start' ? 'help' : parsed.command;
    const command = this.registry.get(name);
    if (!command) {
      await ctx.reply(`Unknown command /${parsed.command}. Send /help for the list.`);
      return;
    }
    const ageS = Math.floor(Date.now() / 1000) - message.date;
    if (ageS > STALE_COMMAND_S) {
      const text = `Not run: /${parsed.command} was sent ${formatDuration(ageS * 1000)} ago, while the server was offline. Send it again if it still applies.`;
      await this.record(actorOf(from), parsed.command, parsed.text, 'rejected', text);
      await ctx.reply(text);
      return;
    }
    await this.execute(ctx, command, actorOf(from), parsed);
  }

  private async execute(ctx: Context, command: AdminCommand, actor: AdminActor, parsed: ParsedCommand): Promise<void> {
    let requested = false;
    const context: AdminCommandContext = {
      ctx,
      actor,
      args: parsed.args,
      text: parsed.text,
      confirm: async (request) => {
        await this.askConfirmation(ctx, command.command, parsed.text, actor, request);
        requested = true;
      },
    };
    let reply: AdminReply | void;
    try {
      reply = await command.handler(context);
    } catch (error) {
      const { result, text } = this.describeFailure(command.command, error);
      await this.record(actor, command.command, parsed.text, result, text);
      await ctx.reply(text);
      return;
    }
    await this.record(actor, command.command, parsed.text, requested ? 'requested' : 'ok', reply === undefined ? null : plainText(reply));
    if (reply !== undefined) await sendReply(ctx, reply);
  }

  private async askConfirmation(ctx: Context, action: string, args: string, actor: AdminActor, request: ConfirmationRequest): Promise<void> {
    const nonce = this.confirmations.add({ ...request, action, args, requestedBy: actor });
    await ctx.reply(request.prompt, {
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [[
          { text: request.confirmLabel, callback_data: `cf:${nonce}:y` },
          { text: 'Cancel', callback_data: `cf:${nonce}:n` },
        ]],
      },
    });
  }

  private async onCallback(ctx: Context, query: CallbackQuery): Promise<void> {
    const actor = actorOf(query.from);
    const data = 'data' in query ? query.data : '';
    if (!this.client.isAdmin(query.from.id)) {
      await this.record(actor, 'button', data, 'denied', null);
      await ctx.answerCbQuery('Sorry, only the Pixel Wars admins can use these buttons.', { show_alert: true });
      return;
    }
    const match = CONFIRM_CALLBACK.exec(data);
    const pending = match ? this.confirmations.take(match[1]) : null;
    if (!match || !pending) {
      await ctx.answerCbQuery('This confirmation has expired or was already answered. Send the command again.', { show_alert: true });
      await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
      return;
    }
    if (match[2] === 'n') {
      await this.record(actor, pending.action, pending.args, 'cancelled', null);
      await ctx.answerCbQuery('Cancelled.');
      await ctx.editMessageText(`Cancelled: /${pending.action}${pending.args ? ` ${pending.args}` : ''} was not run.`);
      return;
    }
    await ctx.answerCbQuery('Working…');
    let reply: AdminReply;
    try {
      reply = await pending.run(actor);
      await this.record(actor, pending.action, pending.args, 'ok', plainText(reply));
    } catch (error) {
      const { result, text } = this.describeFailure(pending.action, error);
      await this.record(actor, pending.action, pending.args, result, text);
      reply = text;
    }
    if (reply instanceof HtmlReply) await ctx.editMessageText(reply.html, { parse_mode: 'HTML' });
    else await ctx.editMessageText(reply);
  }

  private async refuse(ctx: Context, from: User, parsed: ParsedCommand | null): Promise<void> {
    if (parsed) await this.record(actorOf(from), parsed.command, parsed.text, 'denied', null);
    else this.logger.debug(`message from non-admin ${from.id} ignored`);
    const now = Date.now();
    const last = this.refusedAt.get(from.id);
    if (last !== undefined && now - last < REFUSAL_INTERVAL_MS) return;
    if (this.refusedAt.size >= REFUSAL_MEMORY) this.refusedAt.clear();
    this.refusedAt.set(from.id, now);
    await ctx.reply(REFUSAL_TEXT(from.id));
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

function actorOf(user: User): AdminActor {
  const name = user.username ? `@${user.username}` : [user.first_name, user.last_name].filter(Boolean).join(' ');
  return { channel: 'telegram', id: String(user.id), name };
}

function plainText(reply: AdminReply): string {
  return reply instanceof HtmlReply ? htmlToPlain(reply.html) : reply;
}

async function sendReply(ctx: Context, reply: AdminReply): Promise<void> {
  if (reply instanceof HtmlReply) await ctx.reply(reply.html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  else await ctx.reply(reply, { link_preview_options: { is_disabled: true } });
}
