import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { LeaderElection } from '../../cluster/leader-election';
import { setTimeout as sleep } from 'node:timers/promises';
import { CanvasService } from '../../canvas/canvas.service';
import { ConfigurationService } from '../../config/configuration.service';
import { PresenceService } from '../../presence/presence.service';
import { FfmpegService } from '../ffmpeg/ffmpeg.service';
import { redactTarget, scrubSecrets } from '../ffmpeg/redact';
import { Backoff } from './backoff';
import { findOverlayFonts, overlayText, OverlayTextFile } from './overlay';
import type { EncoderProgress } from './progress-parser';
import { streamArgs } from './stream-args';
import { EncoderExit, StreamEncoder } from './stream-encoder';

export type StreamState = 'off' | 'starting' | 'live' | 'retrying' | 'stopped';

export interface StreamStatus {
  state: StreamState;
  /** Epoch ms of the last state change. */
  since: number;
  /** The target without its key (`rtmp://a.rtmp.youtube.com/live2/<redacted>`), null when off. */
  target: string | null;
  width: number;
  height: number;
  fps: number;
  overlay: boolean;
  restarts: number;
  framesSent: number;
  /** Frames skipped because the encoder had not taken the previous one yet. */
  framesDropped: number;
  encoder: EncoderProgress | null;
  lastError: string | null;
  nextRetryAt: number | null;
}

/** A run this long counts as healthy: the next failure starts the back-off over. */
const STABLE_RUN_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/**
 * The live stream: when STREAM_RTMP_URL is set, an ffmpeg child gets the canvas bitmap
 * (palette indices, copied on a timer at STREAM_FPS) and pushes H.264 + AAC in FLV to
 * the target, with an overlay (logo, version, players, time) and a silent audio track.
 * A frame is skipped when ffmpeg has not drained the previous one, so a slow encoder
 * costs dropped frames, never a growing queue. ffmpeg failures restart it with back-off.
 */
@Injectable()
export class StreamService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LiveStream');
  private readonly target: string | null;
  private readonly backoff = new Backoff();
  private state: StreamState;
  private since = Date.now();
  private encoder: StreamEncoder | null = null;
  private frameTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private nextRetryAt: number | null = null;
  private overlayFile: OverlayTextFile | null = null;
  private fonts: { font: string; boldFont: string } | null = null;
  private stopping = false;
  private restarts = 0;
  private framesSent = 0;
  private framesDropped = 0;
  private progress: EncoderProgress | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly configuration: ConfigurationService,
    private readonly canvas: CanvasService,
    private readonly presence: PresenceService,
    private readonly ffmpeg: FfmpegService,
    private readonly leaders: LeaderElection,
  ) {
    this.target = configuration.config.stream.rtmpUrl;
    this.state = this.target ? 'starting' : 'off';
  }

  status(): StreamStatus {
    const { fps, width, height } = this.configuration.config.stream;
    return {
      state: this.state,
      since: this.since,
      target: this.target ? redactTarget(this.target) : null,
      width,
      height,
      fps,
      overlay: this.fonts !== null,
      restarts: this.restarts,
      framesSent: this.framesSent,
      framesDropped: this.framesDropped,
      encoder: this.progress,
      lastError: this.lastError,
      nextRetryAt: this.nextRetryAt,
    };
  }

  /** The stream runs on one instance of a cluster at a time: the holder of the "stream" lead. */
  onApplicationBootstrap(): void {
    if (!this.target) return;
    this.leaders.register('stream', { start: () => this.start(), stop: () => this.stop() });
  }

  async start(): Promise<void> {
    if (!this.target || this.frameTimer) return;
    this.stopping = false;
    const { fps, width, height } = this.configuration.config.stream;
    this.fonts = findOverlayFonts();
    if (this.fonts) this.overlayFile = await OverlayTextFile.create(this.currentOverlayText());
    else this.logger.warn('no TrueType font found (install fonts-dejavu-core): streaming without the text overlay');
    this.logger.log(`streaming to ${redactTarget(this.target)} at ${width}x${height}, ${fps} fps`);
    this.launch();
    this.frameTimer = setInterval(() => this.tick(), Math.round(1000 / fps));
    this.frameTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Ends the encoder (this instance lost the lead, or shuts down). */
  async stop(): Promise<void> {
    if (this.stopping || !this.target) return;
    this.stopping = true;
    if (this.frameTimer) clearInterval(this.frameTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.frameTimer = this.retryTimer = null;
    const encoder = this.encoder;
    if (encoder) {
      encoder.end();
      const exited = await Promise.race([encoder.exited.then(() => true), sleep(STOP_GRACE_MS, false, { ref: false })]);
      if (!exited) {
        encoder.kill();
        await encoder.exited;
      }
    }
    this.encoder = null;
    await this.overlayFile?.dispose();
    this.overlayFile = null;
    this.setState('stopped');
  }

  private launch(): void {
    const target = this.target;
    if (this.stopping || !target) return;
    this.retryTimer = null;
    this.nextRetryAt = null;
    const { fps, width, height } = this.configuration.config.stream;
    const { width: canvasWidth, height: canvasHeight, palette } = this.canvas;
    const overlay = this.fonts && this.overlayFile ? { ...this.fonts, textFile: this.overlayFile.path, title: 'PIXEL WARS' } : null;
    const child = this.ffmpeg.spawn(streamArgs({ canvasWidth, canvasHeight, width, height, fps, palette, overlay, target }), {
      progressPipe: true,
      lowPriority: true,
    });
    const encoder = new StreamEncoder(
      child,
      canvasWidth,
      canvasHeight,
      (text) => scrubSecrets(text, target),
      (progress) => this.onProgress(encoder, progress),
      (line) => this.logger.debug(`ffmpeg: ${line}`),
    );
    this.encoder = encoder;
    this.progress = null;
    this.setState('starting');
    void encoder.exited.then((exit) => this.onExit(encoder, exit));
  }

  private onProgress(encoder: StreamEncoder, progress: EncoderProgress): void {
    if (this.encoder !== encoder) return;
    this.progress = progress;
    if (progress.frame > 0 && this.state === 'starting') this.setState('live');
  }

  private onExit(encoder: StreamEncoder, exit: EncoderExit): void {
    if (this.encoder !== encoder) return;
    this.encoder = null;
    if (this.stopping) return;
    if (encoder.recycling) {
      this.launch();
      return;
    }
    if (exit.uptimeMs >= STABLE_RUN_MS) this.backoff.reset();
    const delay = this.backoff.next();
    const reason = exit.error?.message ?? `ffmpeg exited (${exit.signal ?? `code ${exit.code}`})`;
    this.lastError = [reason, ...exit.stderr.slice(-3)].join(' | ');
    this.restarts++;
    this.nextRetryAt = Date.now() + delay;
    this.setState('retrying');
    this.logger.warn(`${this.lastError}; restarting in ${Math.round(delay / 1000)} s`);
    this.retryTimer = setTimeout(() => this.launch(), delay);
    this.retryTimer.unref();
  }

  /** One frame of the live canvas, unless the encoder is still busy with the previous one. */
  private tick(): void {
    const encoder = this.encoder;
    if (!encoder || this.stopping) return;
    if (this.canvas.width !== encoder.canvasWidth || this.canvas.height !== encoder.canvasHeight) {
      if (!encoder.recycling) this.logger.log(`canvas is now ${this.canvas.width}x${this.canvas.height}: restarting the encoder`);
      encoder.recycling = true;
      encoder.end();
      return;
    }
    const outcome = encoder.offer(() => Buffer.from(this.canvas.pixels()));
    if (outcome === 'dropped') this.framesDropped++;
    if (outcome !== 'sent') return;
    this.framesSent++;
    this.overlayFile?.update(this.currentOverlayText()).catch((error: Error) => this.logger.debug(`overlay text not updated: ${error.message}`));
  }

  private currentOverlayText(): string {
    const { playing, queued } = this.presence.counts();
    return overlayText({ version: this.canvas.version, game: this.canvas.game, players: { playing, queued }, now: new Date() });
  }

  private setState(state: StreamState): void {
    if (state === this.state) return;
    this.state = state;
    this.since = Date.now();
    if (state === 'live') this.logger.log(`live: ${redactTarget(this.target ?? '')}`);
  }
}
