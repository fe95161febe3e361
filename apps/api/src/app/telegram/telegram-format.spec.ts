import { describe, expect, it } from 'vitest';
import { HtmlReply } from '../admin/admin-command';
import { htmlChunks, MESSAGE_LIMIT } from './telegram-format';

describe('htmlChunks', () => {
  it('keeps a short reply in one message', () => {
    expect(htmlChunks(new HtmlReply(['<b>a</b>', 'b'], '\n'))).toEqual([{ text: '<b>a</b>\nb', html: true }]);
  });

  it('splits between blocks under the message limit, never inside one', () => {
    const block = `<i>${'x'.repeat(1500)}</i>`;
    const chunks = htmlChunks(new HtmlReply([block, block, block, block], '\n\n'));
    expect(chunks.map((c) => c.text.split('\n\n').length)).toEqual([2, 2]);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
  });

  it('sends a single oversized block as cut plain text', () => {
    const [chunk] = htmlChunks(new HtmlReply(`<b>${'y'.repeat(6000)}</b>`));
    expect(chunk.html).toBe(false);
    expect(chunk.text.startsWith('yyy')).toBe(true);
    expect(chunk.text.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
  });
});
