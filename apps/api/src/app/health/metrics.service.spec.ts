import { afterEach, describe, expect, it, vi } from 'vitest';
import { MetricsService, SCRAPE_COST_GROWS_WITH_SOCKETS } from './metrics.service';

describe('MetricsService', () => {
  const services: MetricsService[] = [];
  afterEach(() => {
    for (const service of services.splice(0)) service.onModuleDestroy();
    vi.restoreAllMocks();
  });

  it('scrapes without walking every handle or file descriptor, keeping the cheap process metrics', async () => {
    const service = new MetricsService();
    services.push(service);
    const handles = vi.spyOn(process as unknown as { _getActiveHandles(): unknown[] }, '_getActiveHandles');
    const resources = vi.spyOn(process, 'getActiveResourcesInfo');

    const text = await service.registry.metrics();

    expect(handles).not.toHaveBeenCalled();
    expect(resources).not.toHaveBeenCalled();
    for (const name of SCRAPE_COST_GROWS_WITH_SOCKETS) expect(text).not.toMatch(new RegExp(`^${name}[ {]`, 'm'));
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(text).toMatch(/^pixelwars_event_loop_delay_p99_ms /m);
    expect(text).toMatch(/^pixelwars_tick_interval_ms /m);
  });
});
