import { Injectable } from '@nestjs/common';
import type { PlacePixelResponse } from '@pixel-wars/protocol';
import { ApiError } from '../common/api-error';
import { PresenceService } from '../presence/presence.service';
import { UsersService } from '../users/users.service';
import { CanvasService } from './canvas.service';
import { CooldownService } from './cooldown.service';
import { Placement } from './placement.validation';

/** One placement: paused? → banned? → playing? → cooldown (reserved atomically) → durable commit → presence. */
@Injectable()
export class PlacementService {
  constructor(
    private readonly canvas: CanvasService,
    private readonly cooldown: CooldownService,
    private readonly users: UsersService,
    private readonly presence: PresenceService,
  ) {}

  async place(user: { userId: string; name: string }, placement: Placement): Promise<PlacePixelResponse> {
    if (this.canvas.paused) throw new ApiError(403, 'PAUSED', 'The canvas is paused by the admins.');
    if (this.users.isBanned(user.userId)) throw new ApiError(403, 'BANNED', 'You are banned from placing pixels.');
    this.presence.assertCanPlace(user.userId);
    const reservation = this.cooldown.reserve(user.userId, Date.now());
    try {
      const committed = await this.canvas.place(placement.x, placement.y, placement.color, user.userId, user.name);
      this.presence.recordAction(user.userId, Date.now(), reservation.until);
      return { version: committed.version, cooldownUntil: reservation.until };
    } catch (error) {
      this.cooldown.release(user.userId, reservation);
      throw error;
    }
  }
}
