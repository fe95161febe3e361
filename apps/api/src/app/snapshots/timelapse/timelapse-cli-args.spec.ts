import { describe, expect, it } from 'vitest';
import { parseTimelapseArgs } from './timelapse-cli-args';

describe('parseTimelapseArgs', () => {
  it('parses the documented command line, paths relative to the caller', () => {
    const command = parseTimelapseArgs(['--game', '3', '--fps', '30', '--out', 'out/file.mp4', '--changes-per-frame', '50', '--scale', '2'], '/home/me');
    expect(command).toEqual({
      kind: 'render',
      dataDir: undefined,
      ffmpegPath: undefined,
      request: { game: 3, fps: 30, out: '/home/me/out/file.mp4', changesPerFrame: 50, durationSec: undefined, scale: 2, holdSec: undefined, crf: undefined },
    });
  });

  it('defaults fps to 30 and accepts a duration, a data dir and an ffmpeg path', () => {
    const command = parseTimelapseArgs(['--out', '/tmp/a.webm', '--duration', '12.5', '--data-dir', 'data', '--ffmpeg', './bin/ffmpeg'], '/srv/app');
    expect(command).toMatchObject({
      kind: 'render',
      dataDir: '/srv/app/data',
      ffmpegPath: '/srv/app/bin/ffmpeg',
      request: { fps: 30, durationSec: 12.5, out: '/tmp/a.webm' },
    });
  });

  it('lists games and shows help', () => {
    expect(parseTimelapseArgs(['--list'], '/')).toEqual({ kind: 'list', dataDir: undefined });
    expect(parseTimelapseArgs(['--help'], '/')).toEqual({ kind: 'help' });
  });

  it('rejects bad and conflicting options with a clear message', () => {
    expect(() => parseTimelapseArgs(['--fps', '30'], '/')).toThrow('--out');
    expect(() => parseTimelapseArgs(['--out', 'a.mp4', '--fps', '0'], '/')).toThrow('--fps must be an integer in 1..120');
    expect(() => parseTimelapseArgs(['--out', 'a.mp4', '--game', 'x'], '/')).toThrow('--game');
    expect(() => parseTimelapseArgs(['--out', 'a.mp4', '--duration', '5', '--changes-per-frame', '2'], '/')).toThrow('either');
    expect(() => parseTimelapseArgs(['--out', 'a.mp4', '--bogus'], '/')).toThrow(/bogus/);
  });
});
