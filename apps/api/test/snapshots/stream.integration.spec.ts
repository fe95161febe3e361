import { DEFAULT_PALETTE } from '@pixel-wars/protocol';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { StreamService } from '../../src/app/snapshots/stream/stream.service';
import { waitFor } from '../support/players';
import { startTestApp } from '../support/test-app';
import { colourDistance, decodeFrame, FFMPEG, hexToRgb, mediaToolsAvailable, probe, videoStream } from './media';

// 32x18 canvas in a 320x180 stream: every canvas pixel is a 10x10 block
const STREAM_ENV = { CANVAS_WIDTH: '32', CANVAS_HEIGHT: '18', STREAM_FPS: '5', STREAM_SIZE: '320x180' };
const BLUE = 12;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `ffmpeg -listen 1` as a one-shot local RTMP server that records what it receives. */
function rtmpListener(url: string, out: string): { process: ChildProcess; done: Promise<number | null> } {
  const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-listen', '1', '-i', url, '-c', 'copy', '-f', 'flv', '-y', out], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { process: child, done: new Promise((resolve) => child.once('close', resolve)) };
}

/** Checks a recorded stream: size, frame rate, audio, and the blue pixel at canvas (30, 16) in the last frame. */
async function expectRecordedStream(file: string) {
  const info = await probe(file);
  const video = videoStream(info);
  expect(info.format.format_name).toBe('flv');
  expect(video).toMatchObject({ codec_name: 'h264', width: 320, height: 180, r_frame_rate: '5/1' });
  const audio = info.streams.find((s) => s.codec_type === 'audio');
  expect(audio).toMatchObject({ codec_name: 'aac', channels: 2, sample_rate: '44100' });
  const frames = Number(video.nb_read_frames);
  expect(frames).toBeGreaterThan(5);
  const first = await decodeFrame(file, 0, 320, 180);
  const last = await decodeFrame(file, frames - 1, 320, 180);
  expect(colourDistance(first.pixel(305, 165), hexToRgb(DEFAULT_PALETTE[31]))).toBeLessThanOrEqual(12);
  expect(colourDistance(last.pixel(305, 165), hexToRgb(DEFAULT_PALETTE[BLUE]))).toBeLessThanOrEqual(12);
  return { first, last, frames };
}

describe.skipIf(!mediaToolsAvailable)('live stream (real ffmpeg)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stream-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams the live canvas with overlay and silent audio to a file target', async () => {
    const out = join(dir, 'live.flv');
    const t = await startTestApp({ ...STREAM_ENV, STREAM_RTMP_URL: out });
    const stream = t.app.get(StreamService);
    try {
      await waitFor(() => stream.status().state === 'live', 10_000, 50);
      expect(stream.status()).toMatchObject({ target: out, width: 320, height: 180, fps: 5, overlay: true, restarts: 0 });
      await new Promise((r) => setTimeout(r, 600));
      await t.app.get(CanvasService).place(30, 16, BLUE, 'stream-test', 'stream test');
      await new Promise((r) => setTimeout(r, 1200));
    } finally {
      await t.close();
    }
    const status = stream.status();
    expect(status.state).toBe('stopped');
    expect(status.framesSent).toBeGreaterThan(5);

    const { first } = await expectRecordedStream(out);
    // the logo's first swatch (#ff4500) at the top-left, and the title's dark outline on the white canvas
    expect(colourDistance(first.pixel(8, 8), [0xff, 0x45, 0x00])).toBeLessThanOrEqual(24);
    let dark = 0;
    for (let y = 6; y < 20; y++) for (let x = 20; x < 110; x++) if (Math.max(...first.pixel(x, y)) < 80) dark++;
    expect(dark).toBeGreaterThan(20);
  });

  it('pushes to an RTMP server, keeps the key out of its status, and retries until the server is up', async () => {
    const port = await freePort();
    const key = 'sk-test-0123456789';
    const url = `rtmp://127.0.0.1:${port}/live/${key}`;
    const out = join(dir, 'rtmp.flv');
    const t = await startTestApp({ ...STREAM_ENV, STREAM_RTMP_URL: url });
    const stream = t.app.get(StreamService);
    let listener: ReturnType<typeof rtmpListener> | null = null;
    try {
      // nobody listens yet: ffmpeg fails and the service backs off
      await waitFor(() => stream.status().state === 'retrying', 10_000, 20);
      const failed = stream.status();
      expect(failed.restarts).toBeGreaterThanOrEqual(1);
      expect(failed.target).toBe(`rtmp://127.0.0.1:${port}/live/<redacted>`);
      expect(failed.nextRetryAt).toBeGreaterThan(Date.now() - 100);
      expect(JSON.stringify(failed)).not.toContain(key);

      listener = rtmpListener(url, out);
      await waitFor(() => stream.status().state === 'live', 15_000, 50);
      await new Promise((r) => setTimeout(r, 600));
      await t.app.get(CanvasService).place(30, 16, BLUE, 'stream-test', 'stream test');
      await new Promise((r) => setTimeout(r, 1200));
    } finally {
      await t.close();
    }
    expect(await listener!.done).toBe(0);
    await expectRecordedStream(out);
  });
});
