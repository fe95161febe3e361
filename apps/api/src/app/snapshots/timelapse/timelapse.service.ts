import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationService } from '../../config/configuration.service';
import { FfmpegService } from '../ffmpeg/ffmpeg.service';
import { ChangeLogReader } from './change-log';
import { TimelapseRenderer, TimelapseRequest, TimelapseResult } from './timelapse-renderer';

export class TimelapseBusyError extends Error {
  constructor() {
    super('a timelapse is already being rendered; try again when it is done');
    this.name = 'TimelapseBusyError';
  }
}

/**
 * Timelapses inside the server (the admin bot's /timelapse): one render at a time, ffmpeg
 * at a lower CPU priority, the log read in short pages between frames so placements go on.
 */
@Injectable()
export class TimelapseService implements OnModuleDestroy {
  private readonly renderer: TimelapseRenderer;
  private readonly outputDir: string;
  private running: AbortController | null = null;

  constructor(
    configuration: ConfigurationService,
    private readonly log: ChangeLogReader,
    ffmpeg: FfmpegService,
  ) {
    this.renderer = new TimelapseRenderer(this.log, ffmpeg, configuration.config.canvas.palette);
    this.outputDir = join(configuration.config.dataDir, 'timelapse');
  }

  /** Game numbers in the placement log, oldest first. */
  async games(): Promise<number[]> {
    return (await this.log.games()).map((g) => g.game);
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Renders to `out`, or to DATA_DIR/timelapse/game-<n>-<time>.mp4 when omitted. */
  async render(request: Omit<TimelapseRequest, 'out' | 'signal' | 'lowPriority'> & { out?: string }): Promise<TimelapseResult> {
    if (this.running) throw new TimelapseBusyError();
    const controller = new AbortController();
    this.running = controller;
    try {
      await mkdir(this.outputDir, { recursive: true });
      const out = request.out ?? join(this.outputDir, `game-${request.game ?? 'latest'}-${Date.now()}.mp4`);
      return await this.renderer.render({ ...request, out, lowPriority: true, signal: controller.signal });
    } finally {
      this.running = null;
    }
  }

  onModuleDestroy(): void {
    this.running?.abort();
  }
}
