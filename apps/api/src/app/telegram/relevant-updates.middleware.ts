import type { Context, MiddlewareFn } from 'telegraf';
import type { Message } from 'telegraf/types';

/** "/name[@bot] rest" at the start of a message (Telegram marks it with a bot_command entity). */
export interface LeadingCommand {
  /** Lower case, without the slash. */
  name: string;
  addressee: string | null;
  /** Everything after the command, trimmed. */
  text: string;
}

export function leadingCommand(message: Message.TextMessage): LeadingCommand | null {
  const entity = message.entities?.[0];
  if (entity?.type !== 'bot_command' || entity.offset !== 0) return null;
  const [command, addressee] = message.text.slice(1, entity.length).split('@');
  return { name: command.toLowerCase(), addressee: addressee ?? null, text: message.text.slice(entity.length).trim() };
}

/**
 * Drops updates that are not for the admin bot before any handler or check sees them:
 * no sender or a bot as sender, messages without text, commands addressed to another bot,
 * and chatter in groups (only commands count there).
 */
export const relevantUpdatesOnly: MiddlewareFn<Context> = (ctx, next) => {
  if (!ctx.from || ctx.from.is_bot) return;
  const message = ctx.message;
  if (message) {
    if (!('text' in message)) return;
    const command = leadingCommand(message);
    if (command?.addressee && command.addressee.toLowerCase() !== ctx.me.toLowerCase()) return;
    if (!command && message.chat.type !== 'private') return;
  }
  return next();
};
