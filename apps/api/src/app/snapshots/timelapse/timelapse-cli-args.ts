import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DURATION_SEC, DEFAULT_HOLD_SEC, TimelapseRequest } from './timelapse-renderer';

export const TIMELAPSE_USAGE = `Usage: npm run timelapse -- [--game <id>] [--fps 30] --out <file.mp4|file.webm> [options]

Renders a game from the placement log (exact: every change, in order) with ffmpeg.

  --game <id>               game to render (default: the latest)
  --fps <n>                 frames per second (default 30)
  --out <file>              .mp4 (H.264) or .webm (VP9), relative to the current directory
  --changes-per-frame <n>   changes replayed between two frames (sets the speed), or
  --duration <seconds>      target length of the replay (default ${DEFAULT_DURATION_SEC})
  --scale <n>               nearest-neighbour factor (default: 2048 px on the long side, 1..16)
  --hold <seconds>          how long the final image stays (default ${DEFAULT_HOLD_SEC})
  --crf <n>                 quality, lower is better (default 18 for H.264, 24 for VP9)
  --data-dir <dir>          data directory (default: $DATA_DIR or ./data); with $DATABASE_URL set,
                            the log is read from PostgreSQL instead
  --ffmpeg <path>           ffmpeg binary (default: $FFMPEG_PATH or ffmpeg)
  --list                    list the games and exit
  --help                    this text`;

export type TimelapseCommand =
  { kind: 'help' } | { kind: 'list'; dataDir?: string } | { kind: 'render'; request: Omit<TimelapseRequest, 'signal'>; dataDir?: string; ffmpegPath?: string };

function positiveInt(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new Error(`--${name} must be an integer in 1..${max}`);
  return Number(raw);
}

function seconds(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value < min || value > max) throw new Error(`--${name} must be a number of seconds in ${min}..${max}`);
  return value;
}

/** Parses the CLI arguments; relative paths resolve against `cwd` (npm's INIT_CWD). */
export function parseTimelapseArgs(argv: readonly string[], cwd: string): TimelapseCommand {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      game: { type: 'string' },
      fps: { type: 'string' },
      out: { type: 'string' },
      'changes-per-frame': { type: 'string' },
      duration: { type: 'string' },
      scale: { type: 'string' },
      hold: { type: 'string' },
      crf: { type: 'string' },
      'data-dir': { type: 'string' },
      ffmpeg: { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const dataDir = values['data-dir'] === undefined ? undefined : resolve(cwd, values['data-dir']);
  if (values.help) return { kind: 'help' };
  if (values.list) return { kind: 'list', dataDir };
  if (!values.out) throw new Error('--out <file.mp4|file.webm> is required');
  if (values['changes-per-frame'] !== undefined && values.duration !== undefined) throw new Error('give either --changes-per-frame or --duration, not both');
  const ffmpegPath =
    values.ffmpeg === undefined ? undefined : values.ffmpeg.includes('/') && !isAbsolute(values.ffmpeg) ? resolve(cwd, values.ffmpeg) : values.ffmpeg;
  return {
    kind: 'render',
    dataDir,
    ffmpegPath,
    request: {
      game: positiveInt('game', values.game, Number.MAX_SAFE_INTEGER),
      fps: positiveInt('fps', values.fps, 120) ?? 30,
      out: resolve(cwd, values.out),
      changesPerFrame: positiveInt('changes-per-frame', values['changes-per-frame'], Number.MAX_SAFE_INTEGER),
      durationSec: seconds('duration', values.duration, 1, 3600),
      scale: positiveInt('scale', values.scale, 64),
      holdSec: seconds('hold', values.hold, 0, 60),
      crf: values.crf === undefined ? undefined : positiveInt('crf', values.crf, 63),
    },
  };
}
