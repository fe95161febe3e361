import { Readable } from 'node:stream';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { HistoryService } from '../../src/app/snapshots/history/history.service';
import { AdminCommandContext, AdminCommandRegistry } from '../../src/app/telegram/admin-command-registry';
import { waitFor } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';
import { mediaToolsAvailable, Probe, probe, videoStream } from './media';

function fakeContext(args: string[]) {
  const sent: { video?: { path: string; options: Record<string, unknown> }; videoInfo?: Probe; messages: string[] } = { messages: [] };
  const ctx = {
    chat: { id: 42 },
    replyWithDocument: vi.fn(async (_doc: { source: Readable; filename: string }, _extra: { caption: string }) => ({})),
    telegram: {
      sendVideo: vi.fn(async (_chat: number, video: { source: string }, options: Record<string, unknown>) => {
        sent.video = { path: video.source, options };
        sent.videoInfo = await probe(video.source); // read before the command deletes it
        return {};
      }),
      sendMessage: vi.fn(async (_chat: number, text: string) => sent.messages.push(text)),
    },
  };
  const context = { ctx, actor: { channel: 'telegram', id: '1', name: 'admin' }, args, text: args.join(' '), confirm: vi.fn() } as unknown as AdminCommandContext;
  return { context, ctx, sent };
}

async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('admin bot commands /snapshot and /timelapse', () => {
  let t: TestApp;
  let registry: AdminCommandRegistry;

  beforeAll(async () => {
    t = await startTestApp({ CANVAS_WIDTH: '16', CANVAS_HEIGHT: '12' });
    registry = t.app.get(AdminCommandRegistry);
    const canvas = t.app.get(CanvasService);
    for (let i = 0; i < 6; i++) await canvas.place(i, i, 2, 'bot-test', 'bot test');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('/snapshot stores a history snapshot and sends the PNG', async () => {
    const { context, ctx } = fakeContext([]);
    await registry.get('snapshot')!.handler(context);
    const entry = (await t.app.get(HistoryService).list())[0];
    expect(entry.version).toBe(t.app.get(CanvasService).version);
    expect(ctx.replyWithDocument).toHaveBeenCalledOnce();
    const [document, extra] = ctx.replyWithDocument.mock.calls[0];
    expect(extra.caption).toContain(`History #${entry.id}: game 1, version ${entry.version}`);
    const png = PNG.sync.read(await readStream(document.source));
    expect([png.width, png.height]).toEqual([16, 12]);
  });

  it.skipIf(!mediaToolsAvailable)('/timelapse answers at once, renders in the background and sends an MP4', async () => {
    const { context, ctx, sent } = fakeContext(['1', '1']);
    const reply = await registry.get('timelapse')!.handler(context);
    expect(reply).toBe('Rendering the timelapse of game 1 (1 s at 30 fps)…');
    await waitFor(() => sent.videoInfo !== undefined || sent.messages.length > 0, 20_000, 50);
    expect(sent.messages).toEqual([]);
    expect(sent.video?.options).toMatchObject({ supports_streaming: true, width: 256, height: 192 });
    expect(String(sent.video?.options['caption'])).toContain('Game 1: 6 changes');
    expect(videoStream(sent.videoInfo!)).toMatchObject({ codec_name: 'h264', width: 256, height: 192 });
  });

  it('/timelapse refuses bad arguments and unknown games', async () => {
    await expect(registry.get('timelapse')!.handler(fakeContext(['x']).context)).rejects.toThrow('not a positive number');
    await expect(registry.get('timelapse')!.handler(fakeContext(['9']).context)).rejects.toThrow('There is no game 9. Games: 1.');
    await expect(registry.get('timelapse')!.handler(fakeContext(['1', '2', '3']).context)).rejects.toThrow('Too many arguments');
  });
});
