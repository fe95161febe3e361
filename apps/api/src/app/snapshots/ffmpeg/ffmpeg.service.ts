import { Injectable } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { ConfigurationService } from '../../config/configuration.service';

export interface FfmpegSpawnOptions {
  /** Exposes `-progress pipe:3` output on stdio[3]. */
  progressPipe?: boolean;
  /** Runs the encoder at a lower CPU priority (nice 10) than the server. */
  lowPriority?: boolean;
}

/** The ffmpeg binary (FFMPEG_PATH, default `ffmpeg` on the PATH). */
@Injectable()
export class FfmpegService {
  readonly path: string;

  constructor(configuration: ConfigurationService) {
    this.path = configuration.config.ffmpegPath;
  }

  /** stdin is raw frames, stdout is ignored, stderr carries ffmpeg's own messages. */
  spawn(args: readonly string[], options: FfmpegSpawnOptions = {}): ChildProcess {
    const child = spawn(this.path, ['-hide_banner', '-nostdin', '-nostats', ...args], {
      stdio: options.progressPipe ? ['pipe', 'ignore', 'pipe', 'pipe'] : ['pipe', 'ignore', 'pipe'],
      windowsHide: true,
    });
    if (options.lowPriority && child.pid !== undefined) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // lowering priority is best effort (not permitted in some containers)
      }
    }
    return child;
  }

  /** True when the binary runs (`ffmpeg -version` exits 0). */
  available(): Promise<boolean> {
    return new Promise((resolve) => {
      const child = spawn(this.path, ['-hide_banner', '-version'], { stdio: 'ignore' });
      child.once('error', () => resolve(false));
      child.once('exit', (code) => resolve(code === 0));
    });
  }
}
