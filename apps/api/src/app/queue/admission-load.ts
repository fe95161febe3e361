import { Injectable } from '@nestjs/common';
import { ConfigurationService } from '../config/configuration.service';
import { MetricsService } from '../health/metrics.service';

export interface LoadReading {
  eventLoopDelayMs: number;
  bytesPerSecond: number;
}

export type LoadVerdict = { overloaded: false } | { overloaded: true; reason: string };

/**
 * The measured-load half of admission: new players wait while the event loop lags
 * (p99 delay over ADMISSION_MAX_LOOP_DELAY_MS) or realtime output exceeds
 * ADMISSION_MAX_BYTES_PER_SEC. Both readings come from MetricsService (and are exported
 * there); `useReading` replaces the source (tests raise the load through it).
 */
@Injectable()
export class AdmissionLoad {
  private reading: () => LoadReading;

  constructor(
    private readonly configuration: ConfigurationService,
    metrics: MetricsService,
  ) {
    this.reading = () => ({ eventLoopDelayMs: metrics.eventLoopDelayP99Ms(), bytesPerSecond: metrics.bytesPerSecond() });
  }

  useReading(reading: () => LoadReading): void {
    this.reading = reading;
  }

  verdict(): LoadVerdict {
    const { maxEventLoopDelayMs, maxBytesPerSecond } = this.configuration.config.admission;
    const { eventLoopDelayMs, bytesPerSecond } = this.reading();
    if (eventLoopDelayMs > maxEventLoopDelayMs) {
      return { overloaded: true, reason: `event-loop delay p99 ${eventLoopDelayMs.toFixed(1)} ms > ${maxEventLoopDelayMs} ms` };
    }
    if (bytesPerSecond > maxBytesPerSecond) {
      return { overloaded: true, reason: `realtime output ${Math.round(bytesPerSecond)} B/s > ${maxBytesPerSecond} B/s` };
    }
    return { overloaded: false };
  }
}
