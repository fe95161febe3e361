import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const STDERR_LINES_KEPT = 20;

/**
 * One ffmpeg run fed with raw frames on stdin. `write` waits for the pipe to drain, so
 * an offline render never holds more than one frame in memory beyond ffmpeg's own.
 */
export class FfmpegJob {
  private readonly stderrLines: string[] = [];
  private readonly exited: Promise<number | null>;
  private failure: Error | null = null;

  constructor(private readonly child: ChildProcess) {
    child.stderr?.setEncoding('utf8');
    let partial = '';
    child.stderr?.on('data', (text: string) => {
      const lines = (partial + text).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) this.remember(line);
    });
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.failure = error;
        resolve(null);
      });
      child.once('close', (code) => resolve(code));
    });
    child.stdin?.on('error', (error) => {
      this.failure ??= error;
    });
  }

  private get stdin(): Writable {
    if (!this.child.stdin) throw new Error('ffmpeg was spawned without stdin');
    return this.child.stdin;
  }

  /** Writes one frame; resolves when ffmpeg can take the next one. */
  async write(frame: Uint8Array): Promise<void> {
    if (this.failure) throw this.error('ffmpeg stopped reading frames');
    if (this.stdin.write(frame)) return;
    const drained = once(this.stdin, 'drain').then(() => true);
    const closed = this.exited.then(() => false);
    if (!(await Promise.race([drained, closed]))) throw this.error('ffmpeg exited while frames were still being written');
  }

  /** Closes stdin and waits for ffmpeg to finish the file; throws with its last messages on failure. */
  async finish(): Promise<void> {
    this.stdin.end();
    const code = await this.exited;
    if (code !== 0) throw this.error(`ffmpeg failed (exit code ${code ?? 'none'})`);
  }

  /** Stops ffmpeg without waiting for a clean file. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private remember(line: string): void {
    this.stderrLines.push(line);
    if (this.stderrLines.length > STDERR_LINES_KEPT) this.stderrLines.shift();
  }

  private error(summary: string): Error {
    const detail = this.failure?.message ? `: ${this.failure.message}` : '';
    const messages = this.stderrLines.length ? `\n${this.stderrLines.join('\n')}` : '';
    return new Error(`${summary}${detail}${messages}`);
  }
}
