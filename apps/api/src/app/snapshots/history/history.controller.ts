import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { HistoryEntry } from '@pixel-wars/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../common/api-error';
import { HistoryImageStore } from './history-image-store';
import { HistoryService } from './history.service';

const IMAGE_NAME = /^([1-9]\d{0,15})\.png$/;
const POSITIVE_INT = /^[1-9]\d{0,15}$/;
const MAX_PAGE = 1000;
/** A page without `limit` (a year of 10-minute snapshots is ~52,000 entries). */
export const DEFAULT_PAGE = 100;

function optionalPositiveInt(name: string, raw: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !POSITIVE_INT.test(raw) || Number(raw) > max) {
    throw new ApiError(400, 'BAD_REQUEST', `${name} must be an integer in 1..${max}`);
  }
  return Number(raw);
}

/**
 * GET /api/history — snapshots newest first (docs/protocol.md 3), at most `limit` (1..1000,
 * default 100) of them; `before` (an id) pages to older snapshots.
 * GET /api/history/:id.png — the image; ids are never reused, so it is cached for a year.
 */
@Controller('history')
export class HistoryController {
  constructor(
    private readonly history: HistoryService,
    private readonly images: HistoryImageStore,
  ) {}

  @Get()
  async list(@Query('limit') limit: unknown, @Query('before') before: unknown, @Res({ passthrough: true }) res: FastifyReply): Promise<HistoryEntry[]> {
    const entries = await this.history.list({
      limit: optionalPositiveInt('limit', limit, MAX_PAGE) ?? DEFAULT_PAGE,
      beforeId: optionalPositiveInt('before', before),
    });
    void res.header('Cache-Control', 'no-cache');
    return entries;
  }

  @Get(':file')
  async image(@Param('file') file: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const match = IMAGE_NAME.exec(file);
    const record = match ? await this.history.find(Number(match[1])) : null;
    if (!record) throw new ApiError(404, 'NOT_FOUND', 'No such history image.');
    const etag = `"history-${record.id}"`;
    const immutable = () => {
      res.headers({ 'Cache-Control': 'public, max-age=31536000, immutable', ETag: etag, 'Cross-Origin-Resource-Policy': 'cross-origin' });
    };
    if (req.headers['if-none-match'] === etag) {
      immutable();
      void res.code(304).send();
      return;
    }
    const image = await this.images.open(record.imageKey);
    if (!image) throw new ApiError(404, 'NOT_FOUND', 'The history image is no longer stored.');
    immutable();
    // streamed as it is read (a read error ends the response; Fastify destroys the stream)
    void res
      .code(200)
      .headers({ 'Content-Type': 'image/png', 'Content-Length': String(image.bytes) })
      .send(image.stream);
  }
}
