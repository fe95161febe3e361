import { Controller, Get, Header, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { HealthResponse } from '@pixel-wars/protocol';
import { HealthService } from './health.service';
import { MetricsAccessGuard } from './metrics-access.guard';
import { MetricsService } from './metrics.service';

/** Health and metrics; rate-limited per client like every endpoint (RATE_LIMIT_PER_MIN). */
@Controller()
export class HealthController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly health: HealthService,
  ) {}

  /** 200 while everything answers; 503 "degraded" while PostgreSQL or Redis does not. */
  @Get('health')
  @Header('Cache-Control', 'no-store')
  async status(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthResponse> {
    const report = await this.health.report();
    if (report.status === 'degraded') void res.code(503);
    return report;
  }

  @Get('metrics')
  @UseGuards(MetricsAccessGuard)
  @Header('Cache-Control', 'no-store')
  async prometheus(@Res() res: FastifyReply): Promise<void> {
    const body = await this.metrics.registry.metrics();
    void res.type(this.metrics.registry.contentType).send(body);
  }
}
