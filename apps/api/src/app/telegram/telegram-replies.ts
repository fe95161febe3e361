import { stat } from 'node:fs/promises';
import type { Context } from 'telegraf';
import { AdminReply, HtmlReply, MediaReply } from '../admin/admin-command';
import { formatBytes, truncate } from '../admin/admin-format';
import { botLocaleOf, botText } from '../admin/i18n/bot-catalogue';
import { CAPTION_LIMIT, htmlChunks, MESSAGE_LIMIT, MessageChunk } from './telegram-format';

/** Bot API upload limit (50 MB; a self-hosted Bot API server allows more). */
export const UPLOAD_LIMIT = 50 * 1024 * 1024;
const NO_PREVIEW = { link_preview_options: { is_disabled: true } } as const;

/** Sends an admin reply to the chat of `ctx`: text, rich text (split under the size limit) or a file. */
export async function sendReply(ctx: Context, reply: AdminReply): Promise<void> {
  if (reply instanceof MediaReply) return sendMedia(ctx, reply);
  for (const chunk of chunksOf(reply)) await sendChunk(ctx, chunk);
}

/** Puts a reply in place of a confirmation prompt (the message with the buttons). */
export async function replacePrompt(ctx: Context, reply: AdminReply): Promise<void> {
  if (reply instanceof MediaReply) {
    await ctx.editMessageReplyMarkup(undefined);
    return sendMedia(ctx, reply);
  }
  const [first, ...rest] = chunksOf(reply);
  await ctx.editMessageText(first.text, first.html ? { parse_mode: 'HTML' } : {});
  for (const chunk of rest) await sendChunk(ctx, chunk);
}

function chunksOf(reply: string | HtmlReply): MessageChunk[] {
  return typeof reply === 'string' ? [{ text: truncate(reply, MESSAGE_LIMIT), html: false }] : htmlChunks(reply);
}

async function sendChunk(ctx: Context, chunk: MessageChunk): Promise<void> {
  await ctx.reply(chunk.text, chunk.html ? { parse_mode: 'HTML', ...NO_PREVIEW } : NO_PREVIEW);
}

/** A PNG goes as a document (Telegram would recompress a photo); a video over the upload limit as a note. */
async function sendMedia(ctx: Context, media: MediaReply): Promise<void> {
  const caption = truncate(media.caption, CAPTION_LIMIT);
  const file = typeof media.source === 'string' ? { source: media.source, filename: media.filename } : { source: media.source, filename: media.filename };
  if (media.kind === 'image') {
    await ctx.replyWithDocument(file, { caption });
    return;
  }
  if (typeof media.source === 'string') {
    const { size } = await stat(media.source);
    if (size > UPLOAD_LIMIT) {
      const locale = botLocaleOf(ctx.from?.language_code);
      await ctx.reply(botText(locale, 'console.videoTooLarge', { caption, size: formatBytes(size, locale) }));
      return;
    }
  }
  const video = media.video;
  await ctx.replyWithVideo(file, {
    caption,
    supports_streaming: true,
    ...(video ? { width: video.width, height: video.height, duration: video.durationSec } : {}),
  });
}
