import { paletteFilter } from '../ffmpeg/palette-filter';

export interface OverlaySpec {
  /** Regular and bold TrueType fonts for ffmpeg's drawtext. */
  font: string;
  boldFont: string;
  /** Re-read by drawtext on every frame (version, players online, time). */
  textFile: string;
  title: string;
}

export interface StreamSpec {
  canvasWidth: number;
  canvasHeight: number;
  width: number;
  height: number;
  fps: number;
  palette: readonly string[];
  overlay: OverlaySpec | null;
  target: string;
}

const BACKDROP = '0x101418';

/**
 * How the canvas fills the frame: an integer nearest-neighbour factor when it fits at
 * least 1:1 (crisp pixels), otherwise an area-averaged shrink; centred either way.
 */
export function fitCanvas(
  canvasWidth: number,
  canvasHeight: number,
  width: number,
  height: number,
): { width: number; height: number; flags: 'neighbor' | 'area' } {
  const factor = Math.min(width / canvasWidth, height / canvasHeight);
  if (factor >= 1) {
    const k = Math.floor(factor);
    return { width: canvasWidth * k, height: canvasHeight * k, flags: 'neighbor' };
  }
  return { width: Math.max(1, Math.floor(canvasWidth * factor)), height: Math.max(1, Math.floor(canvasHeight * factor)), flags: 'area' };
}

/** A value inside a quoted filter option: `\` and `:` are escaped for the option parser. */
function filterPath(path: string): string {
  if (/['\n]/.test(path)) throw new Error(`unsupported character in overlay path ${JSON.stringify(path)}`);
  return `'${path.replace(/[\\:]/g, '\\$&')}'`;
}

function overlayFilters(spec: StreamSpec, overlay: OverlaySpec): string {
  const titleSize = Math.max(12, Math.round(spec.height / 20));
  const infoSize = Math.max(10, Math.round(spec.height / 40));
  const margin = Math.max(6, Math.round(spec.height / 60));
  const swatch = Math.round(titleSize * 0.9);
  const logo = ['#ff4500', '#ffd635', '#00a368', '#3690ea'].map((color, i) => {
    const x = margin + (i % 2) * Math.ceil(swatch / 2);
    const y = margin + Math.floor(i / 2) * Math.ceil(swatch / 2);
    return `drawbox=x=${x}:y=${y}:w=${Math.ceil(swatch / 2)}:h=${Math.ceil(swatch / 2)}:color=0x${color.slice(1)}:t=fill`;
  });
  const text = `fontcolor=white:borderw=2:bordercolor=black@0.8:expansion=none`;
  return [
    ...logo,
    `drawtext=fontfile=${filterPath(overlay.boldFont)}:text=${filterPath(overlay.title)}:x=${margin + swatch + Math.round(margin / 2)}:y=${margin}:fontsize=${titleSize}:${text}`,
    `drawtext=fontfile=${filterPath(overlay.font)}:textfile=${filterPath(overlay.textFile)}:reload=1:x=${margin}:y=${margin * 2 + titleSize}:fontsize=${infoSize}:line_spacing=${Math.round(infoSize / 3)}:box=1:boxcolor=black@0.45:boxborderw=${Math.round(infoSize / 4)}:${text}`,
  ].join(',');
}

/**
 * ffmpeg arguments for the live stream: palette-index frames (gray) on stdin, stamped with
 * the wall clock so frames dropped under load become repeats (a constant `fps` output
 * that keeps real time), a silent stereo track, H.264 + AAC in FLV to the target.
 */
export function streamArgs(spec: StreamSpec): string[] {
  const fit = fitCanvas(spec.canvasWidth, spec.canvasHeight, spec.width, spec.height);
  const graph = [
    `sws_flags=${fit.flags};` + paletteFilter(spec.palette, '0:v', 'rgb'),
    `[rgb]scale=${fit.width}:${fit.height}:flags=${fit.flags},` +
      `pad=${spec.width}:${spec.height}:(ow-iw)/2:(oh-ih)/2:${BACKDROP}` +
      (spec.overlay ? `,${overlayFilters(spec, spec.overlay)}` : '') +
      `,scale=flags=neighbor:out_color_matrix=bt709:out_range=tv,format=yuv420p[v]`,
  ].join(';');
  const maxrateK = Math.max(300, Math.round((spec.width * spec.height) / 1000));
  const keyframeEvery = String(spec.fps * 2);
  return [
    '-loglevel',
    'warning',
    '-progress',
    'pipe:3',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    '-video_size',
    `${spec.canvasWidth}x${spec.canvasHeight}`,
    '-framerate',
    String(spec.fps),
    '-use_wallclock_as_timestamps',
    '1',
    '-i',
    'pipe:0',
    '-f',
    'lavfi',
    '-i',
    'anullsrc=channel_layout=stereo:sample_rate=44100',
    '-filter_complex',
    graph,
    '-map',
    '[v]',
    '-map',
    '1:a',
    '-fps_mode',
    'cfr',
    '-r',
    String(spec.fps),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-tune',
    'zerolatency',
    '-crf',
    '23',
    '-maxrate',
    `${maxrateK}k`,
    '-bufsize',
    `${maxrateK * 2}k`,
    '-g',
    keyframeEvery,
    '-keyint_min',
    keyframeEvery,
    '-sc_threshold',
    '0',
    '-colorspace',
    'bt709',
    '-color_primaries',
    'bt709',
    '-color_trc',
    'bt709',
    '-color_range',
    'tv',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-ar',
    '44100',
    '-ac',
    '2',
    '-shortest',
    '-f',
    'flv',
    '-flvflags',
    'no_duration_filesize',
    spec.target,
  ];
}
