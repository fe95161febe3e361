import { Injectable } from '@nestjs/common';
import type { Context } from 'telegraf';

/** Who runs an admin command: a Telegram user listed in TELEGRAM_ADMIN_IDS. */
export interface AdminActor {
  channel: 'telegram';
  id: string;
  name: string;
}

/** A reply with Telegram HTML markup (escape user text with `escapeHtml`). */
export class HtmlReply {
  constructor(readonly html: string) {}
}

/** A command's answer: plain text, HTML, or nothing (the handler replied itself). */
export type AdminReply = string | HtmlReply;

export interface ConfirmationRequest {
  /** The question shown above the buttons (Telegram HTML). */
  prompt: string;
  /** Label of the confirm button, e.g. "Clear the canvas". */
  confirmLabel: string;
  /** Runs once an admin presses the confirm button; its reply replaces the prompt. */
  run: (actor: AdminActor) => Promise<AdminReply>;
}

export interface AdminCommandContext {
  /** The Telegraf context of the update (e.g. `ctx.replyWithPhoto`, `ctx.replyWithDocument`). */
  ctx: Context;
  actor: AdminActor;
  /** The words after the command. */
  args: string[];
  /** Everything after the command, as typed (whitespace kept). */
  text: string;
  /** Asks for an inline-button confirmation; `run` executes when an admin confirms. */
  confirm(request: ConfirmationRequest): Promise<void>;
}

/** Thrown by a handler for bad arguments or a refused action: the message is the reply. */
export class AdminCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminCommandError';
  }
}

export interface AdminCommand {
  /** Without the slash: lower case letters, digits and `_`, at most 32 characters. */
  command: string;
  /** One line for /help and the Telegram command menu. */
  description: string;
  /** Shown in /help, e.g. "/ban <user> [minutes]"; defaults to "/command". */
  usage?: string;
  handler(context: AdminCommandContext): Promise<AdminReply | void>;
}

const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

/**
 * Admin commands of the Telegram bot. Any module may register its own (e.g. snapshots
 * adds /snapshot) from `onModuleInit`; the bot looks commands up when an update arrives,
 * checks the sender is an admin, writes the audit log and turns errors into replies.
 * Provided by the global AdminCommandsModule, so it exists even when the bot is off.
 */
@Injectable()
export class AdminCommandRegistry {
  private readonly commands = new Map<string, AdminCommand>();

  register(command: AdminCommand): void {
    if (!COMMAND_NAME.test(command.command)) {
      throw new Error(`invalid admin command name "${command.command}": use [a-z0-9_]{1,32} without the slash`);
    }
    if (this.commands.has(command.command)) throw new Error(`admin command /${command.command} is already registered`);
    this.commands.set(command.command, command);
  }

  get(name: string): AdminCommand | undefined {
    return this.commands.get(name.toLowerCase());
  }

  /** In registration order. */
  list(): AdminCommand[] {
    return [...this.commands.values()];
  }
}
