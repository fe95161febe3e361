import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Locale } from '@pixel-wars/protocol';
import { rm } from 'node:fs/promises';
import { AdminCommandContext, AdminCommandError, AdminReply, MediaReply } from '../../admin/admin-command';
import { AdminCommandRegistry } from '../../admin/admin-command-registry';
import { AdminStatsLine, AdminStatsRegistry } from '../../admin/admin-stats';
import { expectAtMost, parseCount } from '../../admin/command-args';
import { botText, BotText } from '../../admin/i18n/bot-catalogue';
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
      handler: (c) => this.snapshot(c),
    });
    this.registry.register({
      command: 'timelapse',
      textParams: { seconds: BOT_TIMELAPSE_SECONDS },
      handler: (c) => this.startTimelapse(c),
    });
    this.stats.register({ name: 'Stream', lines: (locale) => [streamLine(this.stream.status(), locale)] });
  }

  private async snapshot({ args, t, usage }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 0, usage);
    const entry = await this.history.captureNow();
    const record = await this.history.find(Number(entry.id));
    const image = record ? await this.images.open(record.imageKey) : null;
    const caption = t('snapshot.caption', { id: entry.id, game: entry.game, version: entry.version, url: entry.url });
    if (!image) return caption;
    return new MediaReply('image', image.stream, `pixel-wars-game${entry.game}-v${entry.version}.png`, caption);
  }

  /** Answers at once and renders in the background: a render outlasts a chat update's time limit. */
  private async startTimelapse({ args, send, t, usage }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 2, usage);
    const game = args[0] === undefined ? undefined : parseCount(args[0], 1, Number.MAX_SAFE_INTEGER);
    const seconds = parseCount(args[1], BOT_TIMELAPSE_SECONDS, BOT_TIMELAPSE_MAX_SECONDS);
    if (this.timelapse.busy) throw new AdminCommandError(new BotText('timelapse.busy'));
    const games = await this.timelapse.games();
    if (game !== undefined && !games.includes(game))
      throw new AdminCommandError(new BotText('timelapse.noGame', { game, games: games.join(', ') || t('timelapse.none') }));
    void this.renderAndSend(send, t, game, seconds);
    const what = game === undefined ? t('timelapse.currentGame') : t('timelapse.game', { game });
    return t('timelapse.rendering', { what, seconds, fps: BOT_TIMELAPSE_FPS });
  }

  private async renderAndSend(send: AdminCommandContext['send'], t: AdminCommandContext['t'], game: number | undefined, seconds: number): Promise<void> {
    let out: string | null = null;
    try {
      const result = await this.timelapse.render({ game, fps: BOT_TIMELAPSE_FPS, durationSec: seconds, scaleToLongSide: BOT_TIMELAPSE_LONG_SIDE, crf: 23 });
      out = result.out;
      const caption = t('timelapse.caption', {
        game: result.game,
        changes: result.changes,
        perFrame: result.changesPerFrame,
        frames: result.frames,
        width: result.videoWidth,
        height: result.videoHeight,
      });
      const video = { width: result.videoWidth, height: result.videoHeight, durationSec: Math.round(result.durationSec) };
      await send(new MediaReply('video', out, `pixel-wars-game${result.game}.mp4`, caption, video));
    } catch (error) {
      this.logger.warn(`timelapse for the admin console failed: ${(error as Error).message}`);
      await send(t('timelapse.failed', { error: (error as Error).message.split('\n')[0] }));
    } finally {
      if (out) await rm(out, { force: true });
    }
  }
}

/** The live stream's state for /stats in `locale`, without the stream key. */
export function streamLine(stream: StreamStatus, locale: Locale = 'en'): AdminStatsLine {
  const label = botText(locale, 'stats.stream');
  if (stream.state === 'off') return { label, value: botText(locale, 'stats.streamOff'), detail: botText(locale, 'stats.streamNoUrl') };
  const detail =
    stream.state === 'live'
      ? botText(locale, 'stats.streamLive', { sent: stream.framesSent, dropped: stream.framesDropped })
      : stream.lastError
        ? botText(locale, 'stats.streamError', { error: stream.lastError.slice(0, 200) })
        : '';
  return {
    label,
    value: botText(locale, `stats.streamState.${stream.state}`),
    detail: botText(locale, 'stats.streamDetail', {
      target: stream.target ?? '',
      width: stream.width,
      height: stream.height,
      fps: stream.fps,
      restarts: stream.restarts,
      more: detail ? `; ${detail}` : '',
    }),
  };
}
