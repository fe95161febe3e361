import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { AdminCommandContext, AdminCommandError, AdminReply, MediaReply } from '../../admin/admin-command';
import { AdminCommandRegistry } from '../../admin/admin-command-registry';
import { AdminStatsLine, AdminStatsRegistry } from '../../admin/admin-stats';
import { expectAtMost, parseCount } from '../../admin/command-args';
import { HistoryImageStore } from '../history/history-image-store';
import { HistoryService } from '../history/history.service';
import { StreamService, StreamStatus } from '../stream/stream.service';
import { TimelapseService } from '../timelapse/timelapse.service';

/** Replay length of a /timelapse video, and its longest allowed value. */
const BOT_TIMELAPSE_SECONDS = 20;
const BOT_TIMELAPSE_MAX_SECONDS = 120;
const BOT_TIMELAPSE_FPS = 30;
/** Long side of a /timelapse video in pixels (before rounding down to a whole scale factor). */
const BOT_TIMELAPSE_LONG_SIDE = 1280;

/** /snapshot and /timelapse for the admin console, and the live stream's line in /stats. */
@Injectable()
export class SnapshotAdminCommands implements OnModuleInit {
  private readonly logger = new Logger('SnapshotAdminCommands');

  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly stats: AdminStatsRegistry,
    private readonly history: HistoryService,
    private readonly images: HistoryImageStore,
    private readonly timelapse: TimelapseService,
    private readonly stream: StreamService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      command: 'snapshot',
      description: 'Store a history snapshot of the canvas now and send the PNG',
      handler: (c) => this.snapshot(c),
    });
    this.registry.register({
      command: 'timelapse',
      usage: '/timelapse [game] [seconds]',
      description: `Render a game (default: the current one) from the placement log to MP4 (default ${BOT_TIMELAPSE_SECONDS} s) and send it`,
      handler: (c) => this.startTimelapse(c),
    });
    this.stats.register({ name: 'Stream', lines: () => [streamLine(this.stream.status())] });
  }

  private async snapshot({ args }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 0, '/snapshot');
    const entry = await this.history.captureNow();
    const record = await this.history.find(Number(entry.id));
    const image = record ? await this.images.open(record.imageKey) : null;
    const caption = `History #${entry.id}: game ${entry.game}, version ${entry.version} (${entry.url})`;
    if (!image) return caption;
    return new MediaReply('image', image.stream, `pixel-wars-game${entry.game}-v${entry.version}.png`, caption);
  }

  /** Answers at once and renders in the background: a render outlasts a chat update's time limit. */
  private async startTimelapse({ args, send }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 2, '/timelapse [game] [seconds]');
    const game = args[0] === undefined ? undefined : parseCount(args[0], 1, Number.MAX_SAFE_INTEGER);
    const seconds = parseCount(args[1], BOT_TIMELAPSE_SECONDS, BOT_TIMELAPSE_MAX_SECONDS);
    if (this.timelapse.busy) throw new AdminCommandError('A timelapse is already being rendered; try again when it is done.');
    const games = await this.timelapse.games();
    if (game !== undefined && !games.includes(game)) throw new AdminCommandError(`There is no game ${game}. Games: ${games.join(', ') || 'none'}.`);
    void this.renderAndSend(send, game, seconds);
    return `Rendering the timelapse of ${game === undefined ? 'the current game' : `game ${game}`} (${seconds} s at ${BOT_TIMELAPSE_FPS} fps)…`;
  }

  private async renderAndSend(send: AdminCommandContext['send'], game: number | undefined, seconds: number): Promise<void> {
    let out: string | null = null;
    try {
      const result = await this.timelapse.render({ game, fps: BOT_TIMELAPSE_FPS, durationSec: seconds, scaleToLongSide: BOT_TIMELAPSE_LONG_SIDE, crf: 23 });
      out = result.out;
      const caption = `Game ${result.game}: ${result.changes} changes, ${result.changesPerFrame} per frame, ${result.frames} frames, ${result.videoWidth}×${result.videoHeight}`;
      const video = { width: result.videoWidth, height: result.videoHeight, durationSec: Math.round(result.durationSec) };
      await send(new MediaReply('video', out, `pixel-wars-game${result.game}.mp4`, caption, video));
    } catch (error) {
      this.logger.warn(`timelapse for the admin console failed: ${(error as Error).message}`);
      await send(`Timelapse failed: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      if (out) await rm(out, { force: true });
    }
  }
}

/** The live stream's state for /stats, without the stream key. */
export function streamLine(stream: StreamStatus): AdminStatsLine {
  if (stream.state === 'off') return { label: 'Stream', value: 'off', detail: '(no STREAM_RTMP_URL)' };
  const detail =
    stream.state === 'live'
      ? `${stream.framesSent} frames sent, ${stream.framesDropped} dropped`
      : stream.lastError
        ? `last error: ${stream.lastError.slice(0, 200)}`
        : '';
  return {
    label: 'Stream',
    value: stream.state,
    detail: `→ ${stream.target ?? ''} (${stream.width}×${stream.height} @ ${stream.fps} fps, ${stream.restarts} restarts${detail ? `; ${detail}` : ''})`,
  };
}
