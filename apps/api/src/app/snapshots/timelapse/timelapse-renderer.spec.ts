import Database from 'better-sqlite3';
import { DEFAULT_PALETTE, RESET_X } from '@pixel-wars/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourDistance, decodeFrame, FFMPEG, hexToRgb, mediaToolsAvailable, probe, videoStream } from '../../../../test/snapshots/media';
import type { ConfigurationService } from '../../config/configuration.service';
import { canvasMigrations } from '../../storage/migrations/canvas.migrations';
import { FfmpegService } from '../ffmpeg/ffmpeg.service';
import { SqliteChangeLogReader } from './sqlite-change-log.reader';
import { frameCount, TimelapseRenderer } from './timelapse-renderer';

function seededLog(): Database.Database {
  const db = new Database(':memory:');
  for (const m of canvasMigrations) db.exec(m.sql);
  const game = db.prepare('INSERT INTO canvas_games (game, width, height, background, first_version, started_at) VALUES (?, ?, ?, ?, ?, 0)');
  const change = db.prepare('INSERT INTO canvas_changes (version, game, x, y, color, placed_at) VALUES (?, ?, ?, ?, ?, 0)');
  game.run(1, 16, 12, 31, 0);
  let v = 0;
  // 20 changes: a diagonal of red (index 2), then blue (12) at (10, 8) as the very last change
  for (let i = 0; i < 19; i++) change.run(++v, 1, i % 16, i % 12, 2);
  change.run(++v, 1, 10, 8, 12);
  // game 2: 9x5 (odd), opened by a reset to black (27), one green (6) pixel
  game.run(2, 9, 5, 27, v + 1);
  change.run(++v, 2, RESET_X, 0, 27);
  change.run(++v, 2, 4, 2, 6);
  return db;
}

describe.skipIf(!mediaToolsAvailable)('TimelapseRenderer (real ffmpeg)', () => {
  let dir: string;
  let renderer: TimelapseRenderer;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'timelapse-'));
    const ffmpeg = new FfmpegService({ config: { ffmpegPath: FFMPEG } } as ConfigurationService);
    renderer = new TimelapseRenderer(new SqliteChangeLogReader(seededLog()), ffmpeg, DEFAULT_PALETTE);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the placement log to H.264 MP4, exact frame count, nearest-neighbour pixels', async () => {
    const out = join(dir, 'game1.mp4');
    const result = await renderer.render({ game: 1, fps: 10, out, changesPerFrame: 4, scale: 4, holdSec: 0.5 });
    expect(result).toMatchObject({ game: 1, videoWidth: 64, videoHeight: 48, changes: 20, changesPerFrame: 4, frames: frameCount(20, 4, 10, 0.5) });
    expect(result.frames).toBe(1 + 5 + 5);

    const info = await probe(out);
    const video = videoStream(info);
    expect(video).toMatchObject({ codec_name: 'h264', width: 64, height: 48, pix_fmt: 'yuv420p', r_frame_rate: '10/1' });
    expect(Number(video.nb_read_frames)).toBe(result.frames);
    expect(info.streams.some((s) => s.codec_type === 'audio')).toBe(false);

    const first = await decodeFrame(out, 0, 64, 48);
    const last = await decodeFrame(out, result.frames - 1, 64, 48);
    // canvas (10, 8) → video block (40..43, 32..35); sample its centre
    expect(colourDistance(first.pixel(41, 33), hexToRgb(DEFAULT_PALETTE[31]))).toBeLessThanOrEqual(12);
    expect(colourDistance(last.pixel(41, 33), hexToRgb(DEFAULT_PALETTE[12]))).toBeLessThanOrEqual(12);
    expect(colourDistance(last.pixel(13, 13), hexToRgb(DEFAULT_PALETTE[2]))).toBeLessThanOrEqual(12); // canvas (3, 3)
    expect(colourDistance(last.pixel(1, 57 - 10), hexToRgb(DEFAULT_PALETTE[31]))).toBeLessThanOrEqual(12);
    // frame 5 shows the 20th change's predecessor state: (10, 8) not yet blue
    const beforeLast = await decodeFrame(out, 4, 64, 48);
    expect(colourDistance(beforeLast.pixel(41, 33), hexToRgb(DEFAULT_PALETTE[12]))).toBeGreaterThan(40);
  });

  it('renders a game of odd size to VP9 WebM padded to even dimensions, at a target duration', async () => {
    const out = join(dir, 'game2.webm');
    const result = await renderer.render({ game: 2, fps: 5, out, durationSec: 1, scale: 3, holdSec: 0 });
    expect(result).toMatchObject({ videoWidth: 28, videoHeight: 16, changes: 2, changesPerFrame: 1, frames: 3 });
    const info = await probe(out);
    expect(videoStream(info)).toMatchObject({ codec_name: 'vp9', width: 28, height: 16 });
    expect(Number(videoStream(info).nb_read_frames)).toBe(3);
    const last = await decodeFrame(out, 2, 28, 16);
    // VP9 is lossier than x264 on a 3×3 block: allow a wider margin
    expect(colourDistance(last.pixel(13, 7), hexToRgb(DEFAULT_PALETTE[6]))).toBeLessThanOrEqual(24); // canvas (4, 2)
    expect(colourDistance(last.pixel(1, 1), hexToRgb(DEFAULT_PALETTE[27]))).toBeLessThanOrEqual(16);
  });

  it('defaults to the latest game and refuses unknown games and formats', async () => {
    await expect(renderer.render({ game: 9, fps: 5, out: join(dir, 'x.mp4') })).rejects.toThrow(/no game 9 \(known: 1, 2\)/);
    await expect(renderer.render({ fps: 5, out: join(dir, 'x.avi') })).rejects.toThrow(/unsupported output/);
    const result = await renderer.render({ fps: 5, out: join(dir, 'latest.mp4'), holdSec: 0 });
    expect(result.game).toBe(2);
  });

  it('reports ffmpeg failures with its own message', async () => {
    const broken = new TimelapseRenderer(
      new SqliteChangeLogReader(seededLog()),
      new FfmpegService({ config: { ffmpegPath: join(dir, 'no-such-ffmpeg') } } as ConfigurationService),
      DEFAULT_PALETTE,
    );
    await expect(broken.render({ fps: 5, out: join(dir, 'y.mp4') })).rejects.toThrow(/ENOENT/);
  });
});
