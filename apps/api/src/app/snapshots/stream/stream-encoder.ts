import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { EncoderProgress, ProgressParser } from './progress-parser';

export interface EncoderExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error: Error | null;
  /** ffmpeg's last messages, secrets already removed. */
  stderr: string[];
  uptimeMs: number;
}

export type FrameOutcome = 'sent' | 'dropped' | 'closed';

const STDERR_LINES_KEPT = 10;

/**
 * One running ffmpeg of the live stream: frames in on stdin (at most one in flight),
 * `-progress` readings out on fd 3, stderr kept (scrubbed) for the failure report.
 */
export class StreamEncoder {
  readonly exited: Promise<EncoderExit>;
  /** Ended on purpose to start again at once (the canvas changed size). */
  recycling = false;
  private readonly startedAt = Date.now();
  private readonly stderr: string[] = [];

  constructor(
    private readonly child: ChildProcess,
    readonly canvasWidth: number,
    readonly canvasHeight: number,
    scrub: (text: string) => string,
    onProgress: (progress: EncoderProgress) => void,
    onMessage: (line: string) => void,
  ) {
    this.exited = new Promise((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null, error: Error | null) => {
        if (done) return;
        done = true;
        resolve({ code, signal, error, stderr: [...this.stderr], uptimeMs: Date.now() - this.startedAt });
      };
      child.once('error', (error) => finish(null, null, new Error(scrub(error.message))));
      child.once('close', (code, signal) => finish(code, signal, null));
    });
    child.stdin?.on('error', () => undefined); // EPIPE when ffmpeg dies: reported through 'close'
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      for (const line of text.split(/\r?\n/)) {
        if (!line.trim()) continue;
        const clean = scrub(line);
        this.stderr.push(clean);
        if (this.stderr.length > STDERR_LINES_KEPT) this.stderr.shift();
        onMessage(clean);
      }
    });
    const progress = child.stdio[3] as Readable | undefined;
    const parser = new ProgressParser(onProgress);
    progress?.setEncoding('utf8');
    progress?.on('data', (text: string) => parser.push(text));
    progress?.on('error', () => undefined);
  }

  /**
   * Writes a frame unless ffmpeg still holds the previous one (then the frame is dropped:
   * a slow encoder never builds a queue). `frame` is only called when it will be sent.
   */
  offer(frame: () => Uint8Array): FrameOutcome {
    const stdin = this.child.stdin;
    if (this.recycling || !stdin || !stdin.writable) return 'closed';
    if (stdin.writableNeedDrain) return 'dropped';
    stdin.write(frame());
    return 'sent';
  }

  /** Closes stdin: ffmpeg flushes the encoder and finishes the output. */
  end(): void {
    this.child.stdin?.end();
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
