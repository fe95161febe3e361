import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { encodeBatchFrame, encodeDeltaAnswer, encodeSnapshotAnswer, PixelInfo, PlacePixelResponse } from '@pixel-wars/protocol';
import { CanvasService } from './canvas.service';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { AuthenticatedRequest } from '../auth/auth-principal';
import { PlacementService } from './placement.service';
import { parsePixelQuery, parsePlacement, parseSince } from './placement.validation';

@Controller('canvas')
export class CanvasController {
  constructor(
    private readonly canvas: CanvasService,
    private readonly placements: PlacementService,
  ) {}

  /** The latest periodic snapshot, from cached bytes; 304 when the client has it. */
  @Get()
  snapshot(@Req() req: Request, @Res() res: Response): void {
    const snapshot = this.canvas.latestSnapshot();
    res.set({ ETag: snapshot.etag, 'X-Canvas-Version': String(snapshot.version), 'Cache-Control': 'no-cache' });
    if (req.headers['if-none-match'] === snapshot.etag) {
      res.status(304).end();
      return;
    }
    res.status(200).type('application/octet-stream').send(snapshot.bytes);
  }

  /** 'D' + batch since V, or 'S' + latest snapshot + batch after it (PROTOCOL.md 3). */
  @Get('changes')
  changes(@Query('since') sinceRaw: unknown, @Res() res: Response): void {
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
    res
      .status(200)
      .set({ 'Cache-Control': 'no-store', 'X-Canvas-Version': String(this.canvas.version) })
      .type('application/octet-stream')
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  }

  @Get('pixel')
  async pixel(@Query() query: Record<string, unknown>): Promise<PixelInfo> {
    const { x, y } = parsePixelQuery(query, this.canvas.width, this.canvas.height);
    return { x, y, ...(await this.canvas.pixelOwner(x, y)) };
  }

  @Post('pixels')
  @HttpCode(201)
  @UseGuards(AccessTokenGuard)
  place(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<PlacePixelResponse> {
    const placement = parsePlacement(body, this.canvas.width, this.canvas.height, this.canvas.palette.length);
    return this.placements.place(req.principal, placement);
  }
}
