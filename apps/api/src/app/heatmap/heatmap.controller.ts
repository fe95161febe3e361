import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { HEATMAP_WINDOWS, HeatmapWindow } from '@pixel-wars/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../common/api-error';
import { HeatmapService } from './heatmap.service';

/** GET /api/canvas/heatmap?window=hour|day (docs/protocol.md 9): cached bytes, ETag / 304 like /api/canvas. */
@Controller('canvas')
export class HeatmapController {
  constructor(private readonly heatmaps: HeatmapService) {}

  @Get('heatmap')
  async heatmap(@Query('window') windowRaw: unknown, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const window = windowRaw ?? 'hour';
    if (!HEATMAP_WINDOWS.includes(window as HeatmapWindow)) throw new ApiError(400, 'BAD_REQUEST', 'window must be hour or day.');
    const heatmap = await this.heatmaps.get(window as HeatmapWindow);
    res.headers({ ETag: heatmap.etag, 'X-Canvas-Version': String(heatmap.version), 'Cache-Control': 'no-cache' });
    if (req.headers['if-none-match'] === heatmap.etag) {
      void res.code(304).send();
      return;
    }
    void res.code(200).type('application/octet-stream').send(heatmap.bytes);
  }
}
