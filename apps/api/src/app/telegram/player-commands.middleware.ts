import type { Context, MiddlewareFn } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { botLocaleOf, botText } from '../admin/i18n/bot-catalogue';
import { leadingCommand } from './relevant-updates.middleware';
import { TelegramSettings } from './telegram-settings';

/**
 * The button that opens the game: a Mini App (`web_app`) in a private chat over https;
 * a plain link in groups (Telegram allows web_app buttons only in private chats) or when
 * PUBLIC_URL is not https (Telegram refuses web_app URLs that are not).
 */
export function playButton(settings: TelegramSettings, text: string, privateChat: boolean): InlineKeyboardButton {
  return privateChat && settings.publicUrl.startsWith('https://') ? { text, web_app: { url: settings.publicUrl } } : { text, url: settings.publicUrl };
}

/**
 * `/play` for everyone and `/start` for everyone but the admins (their /start stays the
 * admin help): a greeting with the button that opens the game. Runs before the admin
 * handlers and their guard, so players never meet the admins-only refusal for these two.
 */
export function playerCommands(settings: TelegramSettings): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const message = ctx.message;
    const command = message && 'text' in message ? leadingCommand(message) : null;
    const forPlayers = command?.name === 'play' || (command?.name === 'start' && !settings.isAdmin(ctx.from?.id));
    if (!forPlayers) return next();
    const locale = botLocaleOf(ctx.from?.language_code);
    const button = playButton(settings, botText(locale, 'player.playButton'), message!.chat.type === 'private');
    await ctx.reply(botText(locale, 'player.greeting'), { reply_markup: { inline_keyboard: [[button]] } });
  };
}
