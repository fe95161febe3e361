import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { encodeBatchFrame, encodeDeltaAnswer, encodeSnapshotAnswer, PixelInfo } from '@pixel-wars/protocol';
import { CanvasService } from './canvas.service';
import { parsePixelQuery, parseSince } from './canvas-query.validation';

/** The canvas reads; placing a pixel is the placement module's (POST /api/canvas/pixels). */
@Controller('canvas')
export class CanvasController {
  constructor(private readonly canvas: CanvasService) {}

  /** The latest periodic snapshot, from cached bytes; 304 when the client has it. */
  @Get()
  snapshot(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    const snapshot = this.canvas.latestSnapshot();
    res.headers({ ETag: snapshot.etag, 'X-Canvas-Version': String(snapshot.version), 'Cache-Control': 'no-cache' });
    if (req.headers['if-none-match'] === snapshot.etag) {
      void res.code(304).send();
      return;
    }
    void res.code(200).type('application/octet-stream').send(snapshot.bytes);
  }

  /** 'D' + batch since V, or 'S' + latest snapshot + batch after it (docs/protocol.md 3). */
  @Get('changes')
  changes(@Query('since') sinceRaw: unknown, @Res() res: FastifyReply): void {
    const since = parseSince(sinceRaw);
    const delta = since === undefined ? null : this.canvas.recordsSince(since);
    let body: Uint8Array;
    if (delta && since !== undefined) {
      body = encodeDeltaAnswer(encodeBatchFrame(since + 1, delta));
    } else {
      const snapshot = this.canvas.latestSnapshot();
      const after = this.canvas.recordsSince(snapshot.version) ?? new Uint8Array(0);
      body = encodeSnapshotAnswer(snapshot.bytes, encodeBatchFrame(snapshot.version + 1, after));
    }
    void res
      .code(200)
      .headers({ 'Cache-Control': 'no-store', 'X-Canvas-Version': String(this.canvas.version) })
      .type('application/octet-stream')
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  }

  @Get('pixel')
  async pixel(@Query() query: Record<string, unknown>): Promise<PixelInfo> {
    const { x, y } = parsePixelQuery(query, this.canvas.width, this.canvas.height);
    return { x, y, ...(await this.canvas.pixelOwner(x, y)) };
  }
}
