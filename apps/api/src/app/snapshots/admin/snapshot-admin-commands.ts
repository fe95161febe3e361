import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { rm, stat } from 'node:fs/promises';
import { AdminCommandContext, AdminCommandError, AdminCommandRegistry, AdminReply } from '../../telegram/admin-command-registry';
import { expectAtMost, parseCount } from '../../telegram/command-args';
import { HistoryImageStore } from '../history/history-image-store';
import { HistoryService } from '../history/history.service';
import { TimelapseService } from '../timelapse/timelapse.service';

/** Bot API upload limit for videos (50 MB; a self-hosted Bot API server allows more). */
const TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024;
/** Replay length of a /timelapse video, and its longest allowed value. */
const BOT_TIMELAPSE_SECONDS = 20;
const BOT_TIMELAPSE_MAX_SECONDS = 120;
const BOT_TIMELAPSE_FPS = 30;
/** Long side of a /timelapse video in pixels (before rounding down to a whole scale factor). */
const BOT_TIMELAPSE_LONG_SIDE = 1280;

/** /snapshot and /timelapse for the admin bot. */
@Injectable()
export class SnapshotAdminCommands implements OnModuleInit {
  private readonly logger = new Logger('SnapshotAdminCommands');

  constructor(
    private readonly registry: AdminCommandRegistry,
    private readonly history: HistoryService,
    private readonly images: HistoryImageStore,
    private readonly timelapse: TimelapseService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      command: 'snapshot',
      description: 'Store a history snapshot of the canvas now and send the PNG',
      handler: async (c) => this.snapshot(c),
    });
    this.registry.register({
      command: 'timelapse',
      usage: '/timelapse [game] [seconds]',
      description: `Render a game (default: the current one) from the placement log to MP4 (default ${BOT_TIMELAPSE_SECONDS} s) and send it`,
      handler: async (c) => this.startTimelapse(c),
    });
  }

  private async snapshot({ args, ctx }: AdminCommandContext): Promise<AdminReply | void> {
    expectAtMost(args, 0, '/snapshot');
    const entry = await this.history.captureNow();
    const record = await this.history.find(Number(entry.id));
    const image = record ? await this.images.open(record.imageKey) : null;
    const caption = `History #${entry.id}: game ${entry.game}, version ${entry.version} (${entry.url})`;
    if (!image) return caption;
    await ctx.replyWithDocument({ source: image.stream, filename: `pixel-wars-game${entry.game}-v${entry.version}.png` }, { caption });
  }

  /** Answers at once and renders in the background: a render outlasts the bot's update timeout. */
  private async startTimelapse({ args, ctx }: AdminCommandContext): Promise<AdminReply> {
    expectAtMost(args, 2, '/timelapse [game] [seconds]');
    const game = args[0] === undefined ? undefined : parseCount(args[0], 1, Number.MAX_SAFE_INTEGER);
    const seconds = parseCount(args[1], BOT_TIMELAPSE_SECONDS, BOT_TIMELAPSE_MAX_SECONDS);
    if (this.timelapse.busy) throw new AdminCommandError('A timelapse is already being rendered; try again when it is done.');
    const games = await this.timelapse.games();
    if (game !== undefined && !games.includes(game)) throw new AdminCommandError(`There is no game ${game}. Games: ${games.join(', ') || 'none'}.`);
    const chatId = ctx.chat?.id;
    if (chatId === undefined) throw new AdminCommandError('No chat to send the video to.');
    void this.renderAndSend(chatId, ctx.telegram, game, seconds);
    return `Rendering the timelapse of ${game === undefined ? 'the current game' : `game ${game}`} (${seconds} s at ${BOT_TIMELAPSE_FPS} fps)…`;
  }

  private async renderAndSend(chatId: number, telegram: AdminCommandContext['ctx']['telegram'], game: number | undefined, seconds: number): Promise<void> {
    let out: string | null = null;
    try {
      const result = await this.timelapse.render({ game, fps: BOT_TIMELAPSE_FPS, durationSec: seconds, scaleToLongSide: BOT_TIMELAPSE_LONG_SIDE, crf: 23 });
      out = result.out;
      const { size } = await stat(out);
      const caption = `Game ${result.game}: ${result.changes} changes, ${result.changesPerFrame} per frame, ${result.frames} frames, ${result.videoWidth}×${result.videoHeight}`;
      if (size > TELEGRAM_UPLOAD_LIMIT) {
        await telegram.sendMessage(chatId, `${caption}. The video is ${(size / 1048576).toFixed(1)} MB, over Telegram's 50 MB bot limit; render it with "npm run timelapse" on the server.`);
        return;
      }
      await telegram.sendVideo(chatId, { source: out, filename: `pixel-wars-game${result.game}.mp4` }, { caption, supports_streaming: true, width: result.videoWidth, height: result.videoHeight, duration: Math.round(result.durationSec) });
    } catch (error) {
      this.logger.warn(`timelapse for the bot failed: ${(error as Error).message}`);
      await telegram.sendMessage(chatId, `Timelapse failed: ${(error as Error).message.split('\n')[0]}`).catch(() => undefined);
    } finally {
      if (out) await rm(out, { force: true });
    }
  }
}
