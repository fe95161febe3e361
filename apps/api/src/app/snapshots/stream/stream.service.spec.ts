import type { LeaderElection, LeaderJob } from '../../cluster/leader-election';
import { Logger } from '@nestjs/common';
import { DEFAULT_PALETTE } from '@pixel-wars/protocol';
import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CanvasService } from '../../canvas/canvas.service';
import type { ConfigurationService } from '../../config/configuration.service';
import type { PresenceService } from '../../presence/presence.service';
import type { FfmpegService } from '../ffmpeg/ffmpeg.service';
import { StreamService } from './stream.service';

const KEY = 'live-key-123456';

/** A stand-in ffmpeg: its stdin takes a frame only when the test says the encoder is done. */
class FakeEncoder extends EventEmitter {
  readonly frames: Buffer[] = [];
  private release: (() => void) | null = null;
  readonly stderr = new PassThrough();
  readonly stdin = new Writable({
    highWaterMark: 1,
    write: (chunk: Buffer, _encoding, callback) => {
      this.frames.push(chunk);
      this.release = callback;
    },
    final: (callback) => {
      callback();
      setImmediate(() => this.emit('close', 0, null));
    },
  });
  readonly stdio: unknown[] = [null, null, this.stderr, new PassThrough()];
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;

  drain(): void {
    const release = this.release;
    this.release = null;
    release?.();
  }

  progress(frame: number): void {
    (this.stdio[3] as PassThrough).write(`frame=${frame}\nfps=5.0\nbitrate=100.0kbits/s\nout_time_us=1000000\nspeed=1.0x\nprogress=continue\n`);
  }

  crash(message: string): void {
    this.stderr.write(`${message}\n`);
    setImmediate(() => this.emit('close', 1, null));
  }

  kill(): void {
    this.emit('close', null, 'SIGKILL');
  }
}

describe('StreamService', () => {
  beforeAll(() => Logger.overrideLogger(['error']));
  let encoders: FakeEncoder[];
  let pixels: Uint8Array;
  let service: StreamService;
  let canvas: { width: number; height: number };
  let spawnArgs: string[][];

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
    encoders = [];
    pixels = new Uint8Array(4 * 3).fill(31);
    const configuration = { config: { stream: { rtmpUrl: `rtmp://ingest.example/live/${KEY}`, fps: 5, width: 320, height: 180 } } } as ConfigurationService;
    canvas = { width: 4, height: 3 };
    spawnArgs = [];
    const canvasService = {
      get width() {
        return canvas.width;
      },
      get height() {
        return canvas.height;
      },
      version: 7,
      game: 1,
      palette: [...DEFAULT_PALETTE],
      pixels: () => pixels,
    } as unknown as CanvasService;
    const presence = { counts: () => ({ playing: 3, queued: 1, stalled: 0, sockets: 4 }) } as PresenceService;
    const ffmpeg = {
      spawn: vi.fn((args: string[]) => {
        spawnArgs.push(args);
        const encoder = new FakeEncoder();
        encoders.push(encoder);
        return encoder;
      }),
    } as unknown as FfmpegService;
    let started: void | Promise<void> = undefined;
    const leaders = { register: (_name: string, job: LeaderJob) => void (started = job.start()) } as unknown as LeaderElection;
    service = new StreamService(configuration, canvasService, presence, ffmpeg, leaders);
    service.onApplicationBootstrap();
    await started;
  });

  afterEach(async () => {
    for (const encoder of encoders) encoder.drain();
    await service.onModuleDestroy();
    vi.useRealTimers();
  });

  it('is live once ffmpeg reports encoded frames, and shows the target without its key', async () => {
    expect(service.status()).toMatchObject({ state: 'starting', target: 'rtmp://ingest.example/live/<redacted>' });
    encoders[0].progress(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(service.status().state).toBe('live');
    expect(service.status().encoder).toMatchObject({ frame: 3, fps: 5, bitrateKbps: 100, speed: 1 });
  });

  it('sends copies of the canvas and drops frames while the encoder has not drained', async () => {
    await vi.advanceTimersByTimeAsync(200); // tick 1: sent, the encoder holds it
    expect(encoders[0].frames).toHaveLength(1);
    pixels[0] = 2;
    await vi.advanceTimersByTimeAsync(600); // 3 more ticks: all dropped, nothing queued
    expect(service.status()).toMatchObject({ framesSent: 1, framesDropped: 3 });
    expect(encoders[0].frames[0][0]).toBe(31); // a copy, not the live bitmap
    encoders[0].drain();
    await vi.advanceTimersByTimeAsync(200);
    expect(encoders[0].frames).toHaveLength(2);
    expect(encoders[0].frames[1][0]).toBe(2);
    expect(service.status()).toMatchObject({ framesSent: 2, framesDropped: 3 });
  });

  it('restarts a failed ffmpeg with growing back-off and keeps the key out of the error', async () => {
    encoders[0].crash(`rtmp://ingest.example/live/${KEY}: Connection refused`);
    await vi.advanceTimersByTimeAsync(0);
    let status = service.status();
    expect(status).toMatchObject({ state: 'retrying', restarts: 1 });
    expect(status.lastError).toContain('Connection refused');
    expect(status.lastError).not.toContain(KEY);
    expect(status.nextRetryAt! - Date.now()).toBe(1000);

    await vi.advanceTimersByTimeAsync(1000);
    expect(encoders).toHaveLength(2);
    expect(service.status().state).toBe('starting');
    encoders[1].crash('Input/output error');
    await vi.advanceTimersByTimeAsync(0);
    status = service.status();
    expect(status.restarts).toBe(2);
    expect(status.nextRetryAt! - Date.now()).toBe(2000);
    await vi.advanceTimersByTimeAsync(1999);
    expect(encoders).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(encoders).toHaveLength(3);
  });

  it('starts a new encoder at once when a new game changes the canvas size', async () => {
    expect(spawnArgs[0]).toContain('4x3');
    canvas.width = 6;
    canvas.height = 2;
    pixels = new Uint8Array(12);
    await vi.advanceTimersByTimeAsync(200);
    expect(encoders[0].stdin.writableEnded).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(encoders).toHaveLength(2);
    expect(spawnArgs[1]).toContain('6x2');
    expect(service.status()).toMatchObject({ state: 'starting', restarts: 0 });
  });

  it('closes stdin on shutdown so ffmpeg can finish the file', async () => {
    await service.onModuleDestroy();
    expect(encoders[0].stdin.writableEnded).toBe(true);
    expect(service.status().state).toBe('stopped');
  });
});
