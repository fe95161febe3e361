import { Injectable, Logger } from '@nestjs/common';
import type { PlacePixelResponse } from '@pixel-wars/protocol';
import { CanvasService } from '../canvas/canvas.service';
import { ApiError } from '../common/api-error';
import { PresenceService } from '../presence/presence.service';
import { UsersService } from '../users/users.service';
import { CooldownReservation, CooldownService } from './cooldown.service';
import { Placement } from './placement.validation';

/**
 * One placement: paused? → banned? → playing with a live socket? + cooldown reserved
 * atomically → durable commit → pixel count, AFK window and status push.
 *
 * The presence check and the reservation are issued together: with Redis both scripts
 * leave in one write (auto-pipelining), so a placement costs one round trip before the
 * commit. A reservation taken for a user who turns out not to be playing is released
 * again (compare-and-set), as is one whose commit fails.
 */
@Injectable()
export class PlacementService {
  private readonly logger = new Logger(PlacementService.name);

  constructor(
    private readonly canvas: CanvasService,
    private readonly cooldown: CooldownService,
    private readonly users: UsersService,
    private readonly presence: PresenceService,
  ) {}

  async place(user: { userId: string; name: string }, placement: Placement): Promise<PlacePixelResponse> {
    const { userId } = user;
    if (this.canvas.paused) throw new ApiError(403, 'PAUSED', 'The canvas is paused by the admins.');
    if (await this.users.isBanned(userId)) throw new ApiError(403, 'BANNED', 'You are banned from placing pixels.');
    const reservation = await this.admit(userId, Date.now());
    let committed: { version: number };
    try {
      committed = await this.canvas.place(placement.x, placement.y, placement.color, userId, user.name);
    } catch (error) {
      await this.release(userId, reservation);
      throw error;
    }
    const at = Date.now();
    await this.users.notePixelPlaced(userId, at);
    try {
      await this.presence.recordAction(userId, at, reservation.until);
    } catch (error) {
      // the pixel is committed: it is acknowledged even if the AFK window could not be moved
      this.logger.warn(`placement of ${userId} committed but presence not updated: ${(error as Error).message}`);
    }
    return { version: committed.version, cooldownUntil: reservation.until };
  }

  /** 403 NOT_PLAYING before 429 COOLDOWN; in one process both are synchronous, in this order. */
  private async admit(userId: string, now: number): Promise<CooldownReservation> {
    const playing = this.presence.assertCanPlace(userId);
    if (!(playing instanceof Promise)) return this.cooldown.reserve(userId, now);
    const [allowed, reserved] = await Promise.allSettled([playing, this.cooldown.reserve(userId, now)]);
    if (allowed.status === 'rejected') {
      if (reserved.status === 'fulfilled') await this.release(userId, reserved.value);
      throw allowed.reason;
    }
    if (reserved.status === 'rejected') throw reserved.reason;
    return reserved.value;
  }

  private async release(userId: string, reservation: CooldownReservation): Promise<void> {
    try {
      await this.cooldown.release(userId, reservation);
    } catch (error) {
      this.logger.warn(`cooldown of ${userId} not released: ${(error as Error).message}`);
    }
  }
}
