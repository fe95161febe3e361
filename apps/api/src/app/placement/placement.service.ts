import { Injectable, Logger } from '@nestjs/common';
import type { PlacePixelResponse, UndoResponse } from '@pixel-wars/protocol';
import { CanvasService } from '../canvas/canvas.service';
import { UndoConflictError } from '../canvas/placement-log.repository';
import { CaptchaService } from '../captcha/captcha.service';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';
import { PresenceService } from '../presence/presence.service';
import { UsersService } from '../users/users.service';
import { chargePolicyOf, ChargePolicy, chargeState } from '../common/charges';
import { CooldownReservation, PlacementGate } from './placement-gate';
import { Placement } from './placement.validation';

const undoUnavailable = (why: string) => new ApiError(409, 'UNDO_UNAVAILABLE', why);

/**
 * One placement: paused? → banned? → playing with a live socket and a charge left (the
 * gate spends it atomically; with Redis one script, one round trip) → durable commit →
 * pixel count, AFK window and status push. A reservation whose commit fails is released
 * again (compare-and-set). An undo is derived from the placement log (the user's newest
 * change), committed as a conditional change through the same pipeline, and refunds the
 * charge.
 */
@Injectable()
export class PlacementService {
  private readonly logger = new Logger(PlacementService.name);
  private readonly policy: ChargePolicy;
  private readonly undoWindowMs: number;

  constructor(
    private readonly canvas: CanvasService,
    private readonly gate: PlacementGate,
    private readonly users: UsersService,
    private readonly presence: PresenceService,
    private readonly captcha: CaptchaService,
    configuration: ConfigurationService,
  ) {
    this.policy = chargePolicyOf(configuration.config);
    this.undoWindowMs = configuration.config.undoWindowMs;
  }

  /** `altcha`: the X-Altcha header, looked at only with CAPTCHA=pow for a player the automation rule flagged. */
  async place(user: { userId: string; name: string }, placement: Placement, altcha?: string): Promise<PlacePixelResponse> {
    const { userId } = user;
    this.assertOpenFor();
    if (this.users.isBanned(userId)) throw new ApiError(403, 'BANNED', 'You are banned from placing pixels.');
    const captcha = this.captcha.enabled;
    if (captcha) await this.captcha.beforePlacement(userId, altcha);
    const enteredAt = Date.now();
    // awaited only when asynchronous (Redis): an await of a plain value still costs a promise and a microtask turn
    const entered = this.gate.enter(userId, enteredAt);
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
    const noted = this.noteAction(userId, at, this.gate.currentFullAt(userId) ?? reservation.until);
    if (noted) await noted;
    if (captcha) await this.noteTiming(userId, reservation.previous > 0 ? enteredAt - reservation.previous : null);
    return { version: committed.version, cooldownUntil: reservation.nextChargeAt, charges: reservation.charges };
  }

  /** POST /api/canvas/pixels/undo (docs/protocol.md 9). */
  async undo(user: { userId: string; name: string }): Promise<UndoResponse> {
    const { userId } = user;
    if (this.undoWindowMs === 0) throw undoUnavailable('Undo is switched off on this server.');
    this.assertOpenFor();
    if (this.users.isBanned(userId)) throw new ApiError(403, 'BANNED', 'You are banned from placing pixels.');
    await this.presence.assertCanPlace(userId);
    const last = await this.canvas.lastPlacementOf(userId);
    if (!last || last.undoes !== null) throw undoUnavailable('You have no placement to undo.');
    if (Date.now() - last.placedAt > this.undoWindowMs) throw undoUnavailable('The undo window of your last placement has passed.');
    const color = await this.canvas.colorBefore(last.x, last.y, last.version);
    let committed: { version: number };
    try {
      committed = await this.canvas.undo(last.x, last.y, color, last.version, userId, user.name);
    } catch (error) {
      if (error instanceof UndoConflictError) throw undoUnavailable('Someone changed that pixel after you; it can no longer be undone.');
      throw error;
    }
    const at = Date.now();
    this.users.notePixelUndone(userId, at);
    const fullAt = await this.gate.refund(userId, at);
    await this.noteAction(userId, at, fullAt);
    return { version: committed.version, charges: chargeState(fullAt, at, this.policy).charges };
  }

  private assertOpenFor(): void {
    if (this.canvas.paused) throw new ApiError(403, 'PAUSED', 'The canvas is paused by the admins.');
  }

  private async noteTiming(userId: string, delayMs: number | null): Promise<void> {
    try {
      await this.captcha.afterPlacement(userId, delayMs);
    } catch (error) {
      this.logger.warn(`placement timing of ${userId} not recorded: ${(error as Error).message}`);
    }
  }

  /** A promise only when presence is asynchronous (Redis); never rejects. */
  private noteAction(userId: string, at: number, fullAt: number): Promise<void> | undefined {
    // the change is committed: it is acknowledged even if the AFK window could not be moved
    const warn = (error: unknown) => this.logger.warn(`change of ${userId} committed but presence not updated: ${(error as Error).message}`);
    try {
      const recorded = this.presence.recordAction(userId, at, fullAt);
      return recorded instanceof Promise ? recorded.catch(warn) : undefined;
    } catch (error) {
      warn(error);
      return undefined;
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
