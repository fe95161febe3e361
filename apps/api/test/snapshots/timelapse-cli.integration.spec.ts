import { DEFAULT_PALETTE } from '@pixel-wars/protocol';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { startTestApp } from '../support/test-app';
import { colourDistance, decodeFrame, FFMPEG, hexToRgb, mediaToolsAvailable, probe, videoStream } from './media';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../../..');

/**
 * The CLI exactly as `npm run timelapse` runs it: bundled by esbuild (same options as the
 * root script), then run with node. The bundle lives under node_modules/.cache so its
 * external packages resolve from the repository.
 */
describe.skipIf(!mediaToolsAvailable)('timelapse CLI (real ffmpeg)', () => {
  let dataDir: string;
  let workDir: string;
  let cli: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'timelapse-cli-'));
    cli = join(ROOT, 'node_modules/.cache/pixel-wars-test', `timelapse-${process.pid}.js`);
    await build({
      entryPoints: [join(ROOT, 'tools/timelapse/main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      packages: 'external',
      tsconfig: join(ROOT, 'tools/timelapse/tsconfig.json'),
      logLevel: 'warning',
      outfile: cli,
    });
    // a real server writes the placement log: 20 changes on a 40x30 canvas, the last one blue at (35, 25)
    const t = await startTestApp({ CANVAS_WIDTH: '40', CANVAS_HEIGHT: '30' });
    const canvas = t.app.get(CanvasService);
    for (let i = 0; i < 19; i++) await canvas.place(i, i, 2, 'cli-test', 'cli test');
    await canvas.place(35, 25, 12, 'cli-test', 'cli test');
    dataDir = t.dataDir;
    await t.close({ keepData: true });
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
    rmSync(cli, { force: true });
  });

  const cliEnv = () => ({ ...process.env, INIT_CWD: workDir, FFMPEG_PATH: FFMPEG, DATA_DIR: dataDir });

  it('lists the games of the log', async () => {
    const { stdout } = await run(process.execPath, [cli, '--list'], { env: cliEnv() });
    expect(stdout).toMatch(/^game 1: 40x30, 20 changes, started /);
  });

  it('renders `--game 1 --fps 10 --out timelapse.mp4` to an exact H.264 file relative to the caller', async () => {
    const { stdout } = await run(
      process.execPath,
      [cli, '--game', '1', '--fps', '10', '--out', 'timelapse.mp4', '--changes-per-frame', '5', '--scale', '2', '--hold', '0.3'],
      { env: cliEnv() },
    );
    const out = join(workDir, 'timelapse.mp4');
    expect(stdout).toContain(`${out}: game 1 (40x30), 20 changes, 5 per frame, 8 frames at 10 fps`);
    const video = videoStream(await probe(out));
    expect(video).toMatchObject({ codec_name: 'h264', width: 80, height: 60, r_frame_rate: '10/1' });
    expect(Number(video.nb_read_frames)).toBe(1 + 4 + 3);
    const last = await decodeFrame(out, 7, 80, 60);
    expect(colourDistance(last.pixel(71, 51), hexToRgb(DEFAULT_PALETTE[12]))).toBeLessThanOrEqual(12);
    expect(colourDistance(last.pixel(21, 21), hexToRgb(DEFAULT_PALETTE[2]))).toBeLessThanOrEqual(12);
    const first = await decodeFrame(out, 0, 80, 60);
    expect(colourDistance(first.pixel(21, 21), hexToRgb(DEFAULT_PALETTE[31]))).toBeLessThanOrEqual(12);
  });

  it('fails with a clear message and usage for bad arguments or an unknown game', async () => {
    await expect(run(process.execPath, [cli, '--fps', '30'], { env: cliEnv() })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--out') });
    await expect(run(process.execPath, [cli, '--game', '7', '--out', 'x.mp4'], { env: cliEnv() })).rejects.toMatchObject({
      stderr: expect.stringContaining('no game 7 (known: 1)'),
    });
  });
});
