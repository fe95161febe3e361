import { extname } from 'node:path';
import { paletteFilter } from '../ffmpeg/palette-filter';

export type VideoFormat = 'mp4' | 'webm';

export interface EncodingPlan {
  width: number;
  height: number;
  fps: number;
  /** Integer nearest-neighbour factor: every canvas pixel becomes scale × scale. */
  scale: number;
  format: VideoFormat;
  /** Lower is better quality (x264 18–28 is sensible, VP9 ~24). */
  crf?: number;
  out: string;
}

export function formatOf(out: string): VideoFormat {
  const ext = extname(out).toLowerCase();
  if (ext === '.mp4' || ext === '.m4v' || ext === '.mov') return 'mp4';
  if (ext === '.webm') return 'webm';
  throw new Error(`unsupported output "${out}": use a .mp4 (H.264) or .webm (VP9) file name`);
}

/**
 * Default scale: each canvas pixel becomes at least 2×2 (so H.264's 4:2:0 chroma keeps
 * single pixels their colour) while the long side stays near 2048, at most 16×.
 */
export function defaultScale(width: number, height: number): number {
  return Math.min(16, Math.max(1, Math.floor(2048 / Math.max(width, height))));
}

/** Even output size (4:2:0 needs even dimensions): the scaled canvas, padded by at most one pixel. */
export function videoSize(plan: Pick<EncodingPlan, 'width' | 'height' | 'scale'>): { width: number; height: number } {
  const even = (n: number) => n + (n % 2);
  return { width: even(plan.width * plan.scale), height: even(plan.height * plan.scale) };
}

/** ffmpeg arguments: palette-index frames (gray) on stdin → palette colours → scaled → encoded. */
export function timelapseArgs(plan: EncodingPlan, palette: readonly string[]): string[] {
  const size = videoSize(plan);
  const graph =
    `sws_flags=neighbor;` +
    paletteFilter(palette, '0:v', 'rgb') +
    `;[rgb]scale=${plan.width * plan.scale}:${plan.height * plan.scale}:flags=neighbor,` +
    `pad=${size.width}:${size.height}:0:0:black,` +
    `scale=flags=neighbor:out_color_matrix=bt709:out_range=tv,format=yuv420p[v]`;
  const input = ['-f', 'rawvideo', '-pix_fmt', 'gray', '-video_size', `${plan.width}x${plan.height}`, '-framerate', String(plan.fps), '-i', 'pipe:0'];
  const color = ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'];
  const codec =
    plan.format === 'mp4'
      ? ['-c:v', 'libx264', '-preset', 'medium', '-crf', String(plan.crf ?? 18), '-movflags', '+faststart']
      : ['-c:v', 'libvpx-vp9', '-crf', String(plan.crf ?? 24), '-b:v', '0', '-row-mt', '1', '-deadline', 'good', '-cpu-used', '4'];
  return [
    '-loglevel',
    'error',
    '-y',
    '-sws_flags',
    'neighbor',
    ...input,
    '-filter_complex',
    graph,
    '-map',
    '[v]',
    '-r',
    String(plan.fps),
    ...codec,
    ...color,
    '-an',
    plan.out,
  ];
}
