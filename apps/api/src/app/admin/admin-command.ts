import type { Readable } from 'node:stream';
import { htmlToPlain } from './admin-format';

/** The channels admins use (the bot, the admin HTTP API). The audit log records it with every entry. */
export type AdminChannel = 'telegram' | 'http';

/** Who runs an admin command: on Telegram, a user listed in TELEGRAM_ADMIN_IDS. */
export interface AdminActor {
  channel: AdminChannel;
  id: string;
  name: string;
}

/**
 * Rich text in the small HTML subset every admin channel renders (`<b>`, `<i>`, `<code>`,
 * `<pre>`): escape user text with `escapeHtml`. A long answer is a list of blocks; a
 * channel with a message size limit splits between blocks, never inside one.
 */
export class HtmlReply {
  readonly blocks: readonly string[];

  constructor(
    html: string | readonly string[],
    readonly separator = '\n',
  ) {
    this.blocks = typeof html === 'string' ? [html] : html;
  }

  get html(): string {
    return this.blocks.join(this.separator);
  }

  get plain(): string {
    return htmlToPlain(this.html);
  }
}

/** A file for the admin: an image (PNG) or a video (MP4), from a path or a stream. */
export class MediaReply {
  constructor(
    readonly kind: 'image' | 'video',
    readonly source: string | Readable,
    readonly filename: string,
    /** Plain text shown with the file. */
    readonly caption: string,
    /** Video only: frame size and length, so clients can lay it out before loading. */
    readonly video: { width: number; height: number; durationSec: number } | null = null,
  ) {}
}

/** A command's answer: plain text, rich text or a file. */
export type AdminReply = string | HtmlReply | MediaReply;

/** The text an answer stands for in the audit log. */
export function replyText(reply: AdminReply): string {
  if (typeof reply === 'string') return reply;
  return reply instanceof HtmlReply ? reply.plain : `${reply.kind} ${reply.filename}: ${reply.caption}`;
}

export interface ConfirmationRequest {
  /** The question shown above the buttons (HTML, see HtmlReply). */
  prompt: string;
  /** Label of the confirm button, e.g. "Clear the canvas". */
  confirmLabel: string;
  /** Runs once an admin confirms; its reply replaces the prompt. */
  run: (actor: AdminActor) => Promise<AdminReply>;
}

export interface AdminCommandContext {
  actor: AdminActor;
  /** The words after the command. */
  args: string[];
  /** Everything after the command, as typed (inner whitespace kept). */
  text: string;
  /** Asks for a confirmation (buttons on Telegram); `run` executes when an admin confirms. */
  confirm(request: ConfirmationRequest): Promise<void>;
  /**
   * Sends a further answer to the admin who ran the command, also after the handler has
   * returned (the result of a long job). Never throws: a failed delivery is logged.
   */
  send(reply: AdminReply): Promise<void>;
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
  /** One line for /help and the command menu. */
  description: string;
  /** Shown in /help, e.g. "/ban <user> [minutes]"; defaults to "/command". */
  usage?: string;
  handler(context: AdminCommandContext): Promise<AdminReply | void>;
}
