import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { bytesToBase64, encodeBatchFrame } from '@pixel-wars/protocol';
import { ConfigurationService } from '../config/configuration.service';
import { MetricsService } from '../health/metrics.service';
import { PlayGateway } from '../realtime/play.gateway';
import { CanvasService } from './canvas.service';
import { TickPacer } from './tick-pacer';

/**
 * The tick: encode what was applied since the last tick (this instance's group commits
 * and other instances' runs, in version order — see ChangeApplier) as ONE batch frame and send that same string to
 * every socket. Ticks are TICK_MS apart unless the broadcast outgrows its share of the
 * event loop (TickPacer).
 */
@Injectable()
export class CanvasTicker implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly pacer: TickPacer;

  constructor(
    configuration: ConfigurationService,
    private readonly canvas: CanvasService,
    private readonly gateway: PlayGateway,
    private readonly metrics: MetricsService,
  ) {
    const { tickMs, maxTickMs, broadcastMaxLoopShare } = configuration.config;
    this.pacer = new TickPacer(tickMs, maxTickMs, broadcastMaxLoopShare);
    metrics.setTickPacing(this.pacer.intervalMs(), 0);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule(performance.now());
  }

  /** Current tick interval in ms. */
  intervalMs(): number {
    return this.pacer.intervalMs();
  }

  tick(): void {
    const startedAt = performance.now();
    const outbox = this.canvas.takeOutbox();
    if (!outbox) {
      this.schedule(startedAt);
      return;
    }
    const sendStartedAt = performance.now();
    const sockets = this.gateway.broadcastPixels(bytesToBase64(encodeBatchFrame(outbox.firstVersion, outbox.records)));
    if (sockets === 0) {
      this.schedule(startedAt);
      return;
    }
    // Socket writes finish in next-tick callbacks queued during the sends; this one runs after them.
    process.nextTick(() => {
      this.pacer.recordBroadcast(performance.now() - sendStartedAt);
      this.metrics.setTickPacing(this.pacer.intervalMs(), this.pacer.broadcastCostMs());
      this.schedule(startedAt);
    });
  }

  private schedule(lastTickStartedAt: number): void {
    if (!this.running) return;
    const delay = Math.max(0, lastTickStartedAt + this.pacer.intervalMs() - performance.now());
    this.timer = setTimeout(() => this.tick(), delay);
  }

  onModuleDestroy(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.tick();
  }
}
