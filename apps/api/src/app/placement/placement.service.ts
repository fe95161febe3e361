import { Injectable, Logger } from '@nestjs/common';
import type { PlacePixelResponse } from '@pixel-wars/protocol';
import { CanvasService } from '../canvas/canvas.service';
import { ApiError } from '../common/api-error';
import { PresenceService } from '../presence/presence.service';
import { UsersService } from '../users/users.service';
import { CooldownReservation, PlacementGate } from './placement-gate';
import { Placement } from './placement.validation';

/**
 * One placement: paused? → banned? → playing with a live socket and out of cooldown (the
 * gate reserves the next cooldown atomically; with Redis one script, one round trip) →
 * durable commit → pixel count, AFK window and status push. A reservation whose commit
 * fails is released again (compare-and-set).
 */
@Injectable()
export class PlacementService {
  private readonly logger = new Logger(PlacementService.name);

  constructor(
    private readonly canvas: CanvasService,
    private readonly gate: PlacementGate,
    private readonly users: UsersService,
    private readonly presence: PresenceService,
  ) {}

  async place(user: { userId: string; name: string }, placement: Placement): Promise<PlacePixelResponse> {
    const { userId } = user;
    if (this.canvas.paused) throw new ApiError(403, 'PAUSED', 'The canvas is paused by the admins.');
    if (this.users.isBanned(userId)) throw new ApiError(403, 'BANNED', 'You are banned from placing pixels.');
    // awaited only when asynchronous (Redis): an await of a plain value still costs a promise and a microtask turn
    const entered = this.gate.enter(userId, Date.now());
    const reservation = entered instanceof Promise ? await entered : entered;
    let committed: { version: number };
    try {
      committed = await this.canvas.place(placement.x, placement.y, placement.color, userId, user.name);
    } catch (error) {
      await this.release(userId, reservation);
      throw error;
    }
    const at = Date.now();
    this.users.notePixelPlaced(userId, at);
    try {
      const recorded = this.presence.recordAction(userId, at, reservation.until);
      if (recorded instanceof Promise) await recorded;
    } catch (error) {
      // the pixel is committed: it is acknowledged even if the AFK window could not be moved
      this.logger.warn(`placement of ${userId} committed but presence not updated: ${(error as Error).message}`);
    }
    return { version: committed.version, cooldownUntil: reservation.until };
  }

  private async release(userId: string, reservation: CooldownReservation): Promise<void> {
    try {
      await this.gate.release(userId, reservation);
    } catch (error) {
      this.logger.warn(`cooldown of ${userId} not released: ${(error as Error).message}`);
    }
  }
}
