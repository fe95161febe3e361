import { Readable } from 'node:stream';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { HistoryService } from '../../src/app/snapshots/history/history.service';
import { AdminCommandContext, AdminReply, MediaReply } from '../../src/app/admin/admin-command';
import { AdminCommandRegistry } from '../../src/app/admin/admin-command-registry';
import { AdminStatsRegistry } from '../../src/app/admin/admin-stats';
import { botText } from '../../src/app/admin/i18n/bot-catalogue';
import { waitFor } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';
import { mediaToolsAvailable, Probe, probe, videoStream } from './media';

/** A command context that records what the command sends later (the timelapse video). */
function fakeContext(args: string[]) {
  const sent: { video?: MediaReply; videoInfo?: Probe; messages: string[] } = { messages: [] };
  const context: AdminCommandContext = {
    actor: { channel: 'telegram', id: '1', name: 'admin', locale: 'en' },
    args,
    text: args.join(' '),
    t: (key, params) => botText('en', key, params),
    usage: '/timelapse [game] [seconds]',
    confirm: vi.fn(),
    send: vi.fn(async (reply: AdminReply) => {
      if (reply instanceof MediaReply && typeof reply.source === 'string') {
        sent.videoInfo = await probe(reply.source); // read before the command deletes it
        sent.video = reply;
      } else {
        sent.messages.push(String(reply));
      }
    }),
  };
  return { context, sent };
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

  it('/snapshot stores a history snapshot and answers with the PNG image', async () => {
    const reply = await registry.get('snapshot')!.handler(fakeContext([]).context);
    const entry = (await t.app.get(HistoryService).list())[0];
    expect(entry.version).toBe(t.app.get(CanvasService).version);
    expect(reply).toBeInstanceOf(MediaReply);
    const image = reply as MediaReply;
    expect(image.kind).toBe('image');
    expect(image.filename).toBe(`pixel-wars-game1-v${entry.version}.png`);
    expect(image.caption).toContain(`History #${entry.id}: game 1, version ${entry.version}`);
    const png = PNG.sync.read(await readStream(image.source as Readable));
    expect([png.width, png.height]).toEqual([16, 12]);
  });

  it('contributes the live stream state to the admin stats', async () => {
    expect(await t.app.get(AdminStatsRegistry).collect()).toEqual([{ label: 'Stream', value: 'off', detail: '(no STREAM_RTMP_URL)' }]);
  });

  it.skipIf(!mediaToolsAvailable)('/timelapse answers at once, renders in the background and sends an MP4', async () => {
    const { context, sent } = fakeContext(['1', '1']);
    const reply = await registry.get('timelapse')!.handler(context);
    expect(reply).toBe('Rendering the timelapse of game 1 (1 s at 30 fps)…');
    await waitFor(() => sent.videoInfo !== undefined || sent.messages.length > 0, 20_000, 50);
    expect(sent.messages).toEqual([]);
    expect(sent.video).toMatchObject({ kind: 'video', filename: 'pixel-wars-game1.mp4' });
    expect(sent.video?.video).toMatchObject({ width: 256, height: 192 });
    expect(sent.video?.caption).toContain('Game 1: 6 changes');
    expect(videoStream(sent.videoInfo!)).toMatchObject({ codec_name: 'h264', width: 256, height: 192 });
  });

  it('/timelapse refuses bad arguments and unknown games', async () => {
    await expect(registry.get('timelapse')!.handler(fakeContext(['x']).context)).rejects.toThrow('not a positive number');
    await expect(registry.get('timelapse')!.handler(fakeContext(['9']).context)).rejects.toThrow('There is no game 9. Games: 1.');
    await expect(registry.get('timelapse')!.handler(fakeContext(['1', '2', '3']).context)).rejects.toThrow('Too many arguments');
  });
});
