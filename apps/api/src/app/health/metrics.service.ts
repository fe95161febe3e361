import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * Default metrics whose collection walks every open handle or file descriptor on the event
 * loop (`process._getActiveHandles()`, `getActiveResourcesInfo()`, a readdir of
 * /proc/self/fd): about 17 ms per scrape at 5,000 sockets, a stall the broadcast waits behind.
 * `pixelwars_engine_connections` and `pixelwars_play_sockets` count what matters here.
 */
export const SCRAPE_COST_GROWS_WITH_SOCKETS = [
  'process_open_fds',
  'nodejs_active_handles',
  'nodejs_active_handles_total',
  'nodejs_active_resources',
  'nodejs_active_resources_total',
] as const;

/** The 1 s sampler in the SchedulerRegistry. */
export const METRICS_SAMPLER = 'metrics-sampler';

/**
 * Process-wide measurements: event-loop delay (rolling window), outbound realtime bytes
 * per second, and the Prometheus registry every module adds its metrics to.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly registry = new Registry();
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private recentLoopDelayP99Ms = 0;
  private recentLoopDelayMaxMs = 0;
  private bytesThisWindow = 0;
  private recentBytesPerSecond = 0;
  private windowStartedAt = Date.now();
  private currentTickIntervalMs = 0;
  private currentBroadcastCostMs = 0;

  readonly realtimeBytes = new Counter({
    name: 'pixelwars_realtime_bytes_sent_total',
    help: 'Bytes of realtime payload sent to sockets',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of SCRAPE_COST_GROWS_WITH_SOCKETS) this.registry.removeSingleMetric(name);
    this.loopDelay.enable();
    this.gauge('pixelwars_event_loop_delay_p99_ms', 'Event-loop delay p99 over the last one-second window', () => this.recentLoopDelayP99Ms);
    this.gauge('pixelwars_realtime_bytes_per_second', 'Realtime bytes sent per second over the last window', () => this.recentBytesPerSecond);
    this.gauge(
      'pixelwars_tick_interval_ms',
      'Current interval between realtime ticks (TICK_MS, stretched when the broadcast outgrows its loop share)',
      () => this.currentTickIntervalMs,
    );
    this.gauge('pixelwars_broadcast_cost_ms', 'Median event-loop time of the last five broadcasts to every socket', () => this.currentBroadcastCostMs);
  }

  /** The first window starts with the sampler, so the start-up work does not count as event-loop delay. */
  onApplicationBootstrap(): void {
    this.loopDelay.reset();
    this.bytesThisWindow = 0;
    this.windowStartedAt = Date.now();
  }

  /** Called by the broadcaster after each tick's sends. */
  addRealtimeBytes(bytes: number): void {
    this.bytesThisWindow += bytes;
    this.realtimeBytes.inc(bytes);
  }

  private gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** Called by the ticker whenever its pacing changes. */
  setTickPacing(intervalMs: number, broadcastCostMs: number): void {
    this.currentTickIntervalMs = intervalMs;
    this.currentBroadcastCostMs = broadcastCostMs;
  }

  tickIntervalMs(): number {
    return this.currentTickIntervalMs;
  }

  /** Event-loop delay p99 (ms) over the last completed one-second window. */
  eventLoopDelayP99Ms(): number {
    return this.recentLoopDelayP99Ms;
  }

  eventLoopDelayMaxMs(): number {
    return this.recentLoopDelayMaxMs;
  }

  bytesPerSecond(): number {
    return this.recentBytesPerSecond;
  }

  /** Closes the one-second window of the samplers above (event-loop delay, realtime bytes). */
  @Interval(METRICS_SAMPLER, 1000)
  rollWindow(): void {
    const now = Date.now();
    this.recentLoopDelayP99Ms = this.loopDelay.percentile(99) / 1e6;
    this.recentLoopDelayMaxMs = this.loopDelay.max / 1e6;
    this.loopDelay.reset();
    this.recentBytesPerSecond = (this.bytesThisWindow * 1000) / Math.max(1, now - this.windowStartedAt);
    this.bytesThisWindow = 0;
    this.windowStartedAt = now;
  }

  onModuleDestroy(): void {
    this.loopDelay.disable();
  }
}
