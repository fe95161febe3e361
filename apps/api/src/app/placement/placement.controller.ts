import { Body, Controller, Headers, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { PlacePixelResponse, UndoResponse } from '@pixel-wars/protocol';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { AuthenticatedRequest } from '../auth/auth-principal';
import { CanvasService } from '../canvas/canvas.service';
import { PlacementService } from './placement.service';
import { parsePlacement } from './placement.validation';

@Controller('canvas')
export class PlacementController {
  constructor(
    private readonly canvas: CanvasService,
    private readonly placements: PlacementService,
  ) {}

  /** 201 `{version, cooldownUntil, charges}` once the change is durable (docs/protocol.md 3, 9). */
  @Post('pixels')
  @HttpCode(201)
  @UseGuards(AccessTokenGuard)
  place(@Body() body: unknown, @Req() req: AuthenticatedRequest, @Headers('x-altcha') altcha?: string): Promise<PlacePixelResponse> {
    const placement = parsePlacement(body, this.canvas.width, this.canvas.height, this.canvas.palette.length);
    return this.placements.place(req.principal, placement, altcha);
  }

  /** 201 `{version, charges}`: the last placement undone by a new change (docs/protocol.md 9); 409 UNDO_UNAVAILABLE otherwise. */
  @Post('pixels/undo')
  @HttpCode(201)
  @UseGuards(AccessTokenGuard)
  undo(@Req() req: AuthenticatedRequest): Promise<UndoResponse> {
    return this.placements.undo(req.principal);
  }
}
