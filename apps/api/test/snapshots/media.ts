import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const FFMPEG = process.env['FFMPEG_PATH'] ?? 'ffmpeg';
export const FFPROBE = process.env['FFPROBE_PATH'] ?? 'ffprobe';

/** Both binaries run. Tests that need them skip (with this message) only when they do not. */
export const mediaToolsAvailable = [FFMPEG, FFPROBE].every((bin) => spawnSync(bin, ['-version'], { stdio: 'ignore' }).status === 0);
export const MEDIA_TOOLS_MISSING = `ffmpeg/ffprobe not found (${FFMPEG}, ${FFPROBE}): install ffmpeg (apt-get install ffmpeg) to run the media tests`;
if (!mediaToolsAvailable) console.warn(`SKIPPED media tests: ${MEDIA_TOOLS_MISSING}`);

export interface ProbedStream {
  codec_type: 'video' | 'audio';
  codec_name: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_read_frames?: string;
  pix_fmt?: string;
  sample_rate?: string;
  channels?: number;
}

export interface Probe {
  streams: ProbedStream[];
  format: { format_name: string; duration?: string };
}

/** ffprobe with an exact (decoded) frame count. */
export async function probe(file: string): Promise<Probe> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-count_frames', '-show_streams', '-show_format', '-of', 'json', file], { maxBuffer: 1 << 24 });
  return JSON.parse(stdout) as Probe;
}

export function videoStream(p: Probe): ProbedStream {
  const video = p.streams.find((s) => s.codec_type === 'video');
  if (!video) throw new Error('no video stream');
  return video;
}

export interface DecodedFrame {
  width: number;
  height: number;
  rgb: Buffer;
  pixel(x: number, y: number): [number, number, number];
}

/** Decodes video frame `index` (0-based) to RGB. */
export async function decodeFrame(file: string, index: number, width: number, height: number): Promise<DecodedFrame> {
  const { stdout } = await run(
    FFMPEG,
    ['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${index})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 1 << 28 },
  );
  const rgb = stdout as Buffer;
  if (rgb.length !== width * height * 3) throw new Error(`decoded ${rgb.length} bytes, expected ${width * height * 3}`);
  return {
    width,
    height,
    rgb,
    pixel: (x, y) => {
      const o = (y * width + x) * 3;
      return [rgb[o], rgb[o + 1], rgb[o + 2]];
    },
  };
}

export function hexToRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Largest per-channel difference (lossy codecs and YUV round trips move colours a little). */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}
