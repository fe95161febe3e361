import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Context } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HtmlReply, MediaReply } from '../admin/admin-command';
import { replacePrompt, sendReply, UPLOAD_LIMIT } from './telegram-replies';

function fakeCtx() {
  const ctx = {
    reply: vi.fn(async () => ({})),
    replyWithDocument: vi.fn(async () => ({})),
    replyWithVideo: vi.fn(async () => ({})),
    editMessageText: vi.fn(async () => ({})),
    editMessageReplyMarkup: vi.fn(async () => ({})),
  };
  return { ctx, context: ctx as unknown as Context };
}

describe('admin replies on Telegram', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pixel-wars-replies-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends text plainly and rich text as HTML', async () => {
    const { ctx, context } = fakeCtx();
    await sendReply(context, 'a <plain> text');
    await sendReply(context, new HtmlReply('<b>bold</b>'));
    expect(ctx.reply.mock.calls).toEqual([
      ['a <plain> text', { link_preview_options: { is_disabled: true } }],
      ['<b>bold</b>', { parse_mode: 'HTML', link_preview_options: { is_disabled: true } }],
    ]);
  });

  it('sends an image as a document (no recompression) with its caption', async () => {
    const { ctx, context } = fakeCtx();
    const stream = Readable.from([Buffer.from('png')]);
    await sendReply(context, new MediaReply('image', stream, 'a.png', 'History #1'));
    expect(ctx.replyWithDocument).toHaveBeenCalledWith({ source: stream, filename: 'a.png' }, { caption: 'History #1' });
  });

  it('sends a video with its size and length, or a note when it is over the 50 MB upload limit', async () => {
    const { ctx, context } = fakeCtx();
    const small = join(dir, 'small.mp4');
    writeFileSync(small, 'mp4');
    await sendReply(context, new MediaReply('video', small, 'g1.mp4', 'Game 1', { width: 256, height: 192, durationSec: 3 }));
    expect(ctx.replyWithVideo).toHaveBeenCalledWith(
      { source: small, filename: 'g1.mp4' },
      { caption: 'Game 1', supports_streaming: true, width: 256, height: 192, duration: 3 },
    );

    const big = join(dir, 'big.mp4');
    writeFileSync(big, '');
    truncateSync(big, UPLOAD_LIMIT + 1); // sparse file
    await sendReply(context, new MediaReply('video', big, 'g2.mp4', 'Game 2'));
    expect(ctx.replyWithVideo).toHaveBeenCalledTimes(1);
    expect(ctx.reply).toHaveBeenCalledWith(expect.stringContaining("over Telegram's 50 MB bot limit"));
  });

  it('replaces a confirmation prompt with the answer', async () => {
    const { ctx, context } = fakeCtx();
    await replacePrompt(context, new HtmlReply('Canvas cleared to <b>5</b>'));
    expect(ctx.editMessageText).toHaveBeenCalledWith('Canvas cleared to <b>5</b>', { parse_mode: 'HTML' });
    await replacePrompt(context, 'done');
    expect(ctx.editMessageText).toHaveBeenLastCalledWith('done', {});
  });
});
