import { Injectable } from '@nestjs/common';
import type { PlacePixelResponse } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { CanvasService } from './canvas.service';
import { CooldownService } from './cooldown.service';
import { Placement } from './placement.validation';

/** One placement: paused? → cooldown (reserved atomically) → durable commit. */
@Injectable()
export class PlacementService {
  constructor(
    private readonly canvas: CanvasService,
    private readonly cooldown: CooldownService,
  ) {}

  async place(user: { userId: string; name: string }, placement: Placement): Promise<PlacePixelResponse> {
    if (this.canvas.paused) throw new ApiError(403, 'PAUSED', 'The canvas is paused by the admins.');
    const reservation = this.cooldown.reserve(user.userId, Date.now());
    try {
      const committed = await this.canvas.place(placement.x, placement.y, placement.color, user.userId, user.name);
      return { version: committed.version, cooldownUntil: reservation.until };
    } catch (error) {
      this.cooldown.release(user.userId, reservation);
      throw error;
    }
  }
}
