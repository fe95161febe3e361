import { DEFAULT_PALETTE, paletteToRgb } from '@pixel-wars/protocol';
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FFMPEG, mediaToolsAvailable } from '../../../../test/snapshots/media';
import { paletteFilter } from './palette-filter';

/** Runs gray (palette index) pixels through the filter and returns lossless RGB. */
function throughFfmpeg(indices: Uint8Array, width: number, height: number, palette: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const graph = `${paletteFilter(palette, '0:v', 'rgb')};[rgb]format=rgb24[out]`;
    const child = execFile(
      FFMPEG,
      [
        '-v',
        'error',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray',
        '-video_size',
        `${width}x${height}`,
        '-i',
        'pipe:0',
        '-filter_complex',
        graph,
        '-map',
        '[out]',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        'pipe:1',
      ],
      { encoding: 'buffer' },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
    child.stdin?.end(Buffer.from(indices));
  });
}

describe.skipIf(!mediaToolsAvailable)('paletteFilter (real ffmpeg)', () => {
  it('maps every palette index to its exact colour', async () => {
    const indices = Uint8Array.from({ length: 32 }, (_, i) => i);
    const rgb = await throughFfmpeg(indices, 8, 4, DEFAULT_PALETTE);
    expect([...rgb]).toEqual([...paletteToRgb(DEFAULT_PALETTE)]);
  });

  it('handles a full 256-colour palette', async () => {
    const palette = Array.from({ length: 256 }, (_, i) => `#${[i, 255 - i, (i * 7) & 255].map((v) => v.toString(16).padStart(2, '0')).join('')}`);
    const indices = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    const rgb = await throughFfmpeg(indices, 16, 16, palette);
    const expected = paletteToRgb([...palette].reverse());
    expect(rgb.equals(Buffer.from(expected))).toBe(true);
  });
});
