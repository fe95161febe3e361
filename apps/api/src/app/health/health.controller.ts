import { Controller, Get, Header, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { MetricsService } from './metrics.service';

@SkipThrottle()
@Controller()
export class HealthController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('health')
  @Header('Cache-Control', 'no-store')
  health(): { status: 'ok'; uptimeSeconds: number } {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('metrics')
  async prometheus(@Res() res: Response): Promise<void> {
    res.set('Content-Type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
