import { Injectable, Logger } from '@nestjs/common';
import type { PlacePixelResponse } from '@pixel-wars/protocol';
import { CanvasService } from '../canvas/canvas.service';
import { CaptchaService } from '../captcha/captcha.service';
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
    private readonly captcha: CaptchaService,
  ) {}

  /** `altcha`: the X-Altcha header, looked at only with CAPTCHA=pow for a player the automation rule flagged. */
  async place(user: { userId: string; name: string }, placement: Placement, altcha?: string): Promise<PlacePixelResponse> {
    const { userId } = user;
    if (this.canvas.paused) throw new ApiError(403, 'PAUSED', 'The canvas is paused by the admins.');
    if (await this.users.isBanned(userId)) throw new ApiError(403, 'BANNED', 'You are banned from placing pixels.');
    const captcha = this.captcha.enabled;
    if (captcha) await this.captcha.beforePlacement(userId, altcha);
    const enteredAt = Date.now();
    const reservation = await this.gate.enter(userId, enteredAt);
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
    if (captcha) await this.noteTiming(userId, reservation.previous > 0 ? enteredAt - reservation.previous : null);
    return { version: committed.version, cooldownUntil: reservation.until };
  }

  private async noteTiming(userId: string, delayMs: number | null): Promise<void> {
    try {
      await this.captcha.afterPlacement(userId, delayMs);
    } catch (error) {
      this.logger.warn(`placement timing of ${userId} not recorded: ${(error as Error).message}`);
    }
  }

  private async release(userId: string, reservation: CooldownReservation): Promise<void> {
    try {
      await this.gate.release(userId, reservation);
    } catch (error) {
      this.logger.warn(`cooldown of ${userId} not released: ${(error as Error).message}`);
    }
  }
}
