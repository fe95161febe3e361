import { RESET_X } from '@pixel-wars/protocol';
import { stat } from 'node:fs/promises';
import { FfmpegJob } from '../ffmpeg/ffmpeg-job';
import { FfmpegService } from '../ffmpeg/ffmpeg.service';
import { ChangeLogReader, GameInfo } from './change-log';
import { defaultScale, EncodingPlan, formatOf, timelapseArgs, videoSize } from './timelapse-encoding';

export interface TimelapseRequest {
  /** Default: the latest game. */
  game?: number;
  fps: number;
  out: string;
  /** Changes replayed between two frames; default from `durationSec`. */
  changesPerFrame?: number;
  /** Target length of the replay part in seconds (default 30), when changesPerFrame is not given. */
  durationSec?: number;
  /** Nearest-neighbour factor; default `defaultScale`. */
  scale?: number;
  /** Instead of `scale`: the largest whole factor (at most 16) keeping the long side within this many pixels. */
  scaleToLongSide?: number;
  /** Seconds the final image stays on screen (default 2). */
  holdSec?: number;
  crf?: number;
  /** Runs ffmpeg at a lower CPU priority (the server does; the CLI need not). */
  lowPriority?: boolean;
  signal?: AbortSignal;
}

export interface TimelapseResult {
  out: string;
  game: number;
  width: number;
  height: number;
  videoWidth: number;
  videoHeight: number;
  fps: number;
  changes: number;
  changesPerFrame: number;
  frames: number;
  durationSec: number;
  bytes: number;
}

const PAGE = 5000;
export const DEFAULT_DURATION_SEC = 30;
export const DEFAULT_HOLD_SEC = 2;

/** Frames of a replay: the blank start, one every N changes (and the last partial), then the hold. */
export function frameCount(changes: number, changesPerFrame: number, fps: number, holdSec: number): number {
  return 1 + Math.ceil(changes / changesPerFrame) + Math.round(holdSec * fps);
}

/**
 * Renders a game from the placement log — exact, every change in version order — to
 * H.264 MP4 or VP9 WebM: palette-index frames go to ffmpeg's stdin, ffmpeg maps the
 * palette, scales with nearest neighbour and encodes.
 */
export class TimelapseRenderer {
  constructor(
    private readonly log: ChangeLogReader,
    private readonly ffmpeg: FfmpegService,
    private readonly palette: readonly string[],
  ) {}

  async render(request: TimelapseRequest): Promise<TimelapseResult> {
    const { game, plan, changes, lastVersion, changesPerFrame, holdSec } = await this.prepare(request);
    const { fps } = plan;

    const job = new FfmpegJob(this.ffmpeg.spawn(timelapseArgs(plan, this.palette), { lowPriority: request.lowPriority }));
    const abort = () => job.kill();
    request.signal?.addEventListener('abort', abort, { once: true });
    let frames = 0;
    try {
      const bitmap = new Uint8Array(game.width * game.height).fill(game.background);
      const emit = async () => {
        request.signal?.throwIfAborted();
        frames++;
        await job.write(bitmap.slice()); // a copy: the bitmap changes while the pipe drains
      };
      await emit();
      let since = 0;
      let after = game.firstVersion - 1;
      const next = () => this.log.page(game.game, after, lastVersion, PAGE);
      for (let page = await next(); page.length > 0; page = await next()) {
        for (const change of page) {
          if (change.x === RESET_X) bitmap.fill(change.color);
          else if (change.x < game.width && change.y < game.height) bitmap[change.y * game.width + change.x] = change.color;
          if (++since === changesPerFrame) {
            since = 0;
            await emit();
          }
        }
        after = page[page.length - 1].version;
      }
      if (since > 0) await emit();
      for (let i = Math.round(holdSec * fps); i > 0; i--) await emit();
      await job.finish();
    } catch (error) {
      job.kill();
      throw request.signal?.aborted ? new Error('timelapse cancelled') : error;
    } finally {
      request.signal?.removeEventListener('abort', abort);
    }
    const size = videoSize(plan);
    const { size: bytes } = await stat(request.out);
    return {
      out: request.out,
      game: game.game,
      width: game.width,
      height: game.height,
      videoWidth: size.width,
      videoHeight: size.height,
      fps,
      changes,
      changesPerFrame,
      frames,
      durationSec: frames / fps,
      bytes,
    };
  }

  private async prepare(request: TimelapseRequest) {
    const game = await this.resolveGame(request.game);
    const format = formatOf(request.out);
    const { fps } = request;
    if (!Number.isInteger(fps) || fps < 1 || fps > 120) throw new Error('fps must be an integer in 1..120');
    const { changes, lastVersion } = await this.log.extent(game.game);
    const changesPerFrame = request.changesPerFrame ?? Math.max(1, Math.ceil(changes / ((request.durationSec ?? DEFAULT_DURATION_SEC) * fps)));
    if (!Number.isInteger(changesPerFrame) || changesPerFrame < 1) throw new Error('changes per frame must be a positive integer');
    const longSide = Math.max(game.width, game.height);
    const scale =
      request.scale ??
      (request.scaleToLongSide ? Math.min(16, Math.max(1, Math.floor(request.scaleToLongSide / longSide))) : defaultScale(game.width, game.height));
    if (!Number.isInteger(scale) || scale < 1 || scale > 64) throw new Error('scale must be an integer in 1..64');
    const holdSec = request.holdSec ?? DEFAULT_HOLD_SEC;
    if (!(holdSec >= 0 && holdSec <= 60)) throw new Error('hold must be 0..60 seconds');
    const plan: EncodingPlan = { width: game.width, height: game.height, fps, scale, format, crf: request.crf, out: request.out };
    return { game, plan, changes, lastVersion, changesPerFrame, holdSec };
  }

  private async resolveGame(requested: number | undefined): Promise<GameInfo> {
    const game = requested === undefined ? await this.log.latestGame() : await this.log.game(requested);
    if (!game) {
      const known = (await this.log.games()).map((g) => g.game);
      throw new Error(requested === undefined ? 'no game has been played yet' : `no game ${requested} (known: ${known.join(', ') || 'none'})`);
    }
    return game;
  }
}
