import { HtmlReply } from '../admin/admin-command';
import { htmlToPlain, truncate } from '../admin/admin-format';

/** Telegram accepts at most 4096 characters per message and 1024 per caption. */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/** One Telegram message of a reply: HTML, or plain text when a single block is too long to send as HTML. */
export interface MessageChunk {
  text: string;
  html: boolean;
}

/** Splits rich text into as few messages as fit under Telegram's limit, between blocks only. */
export function htmlChunks(reply: HtmlReply): MessageChunk[] {
  const limit = MESSAGE_LIMIT - 96;
  const chunks: MessageChunk[] = [];
  let current = '';
  for (const block of reply.blocks) {
    if (block.length > limit) {
      if (current !== '') chunks.push({ text: current, html: true });
      current = '';
      chunks.push({ text: truncate(htmlToPlain(block), limit), html: false });
      continue;
    }
    const next = current === '' ? block : `${current}${reply.separator}${block}`;
    if (next.length > limit) {
      chunks.push({ text: current, html: true });
      current = block;
    } else {
      current = next;
    }
  }
  if (current !== '') chunks.push({ text: current, html: true });
  return chunks;
}
