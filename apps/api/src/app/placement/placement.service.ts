import { Injectable, Logger } from '@nestjs/common';
import type { PlacePixelResponse, UndoResponse } from '@pixel-wars/protocol';
import { CanvasService } from '../canvas/canvas.service';
import { UndoConflictError } from '../canvas/placement-log.repository';
import { ChangeAnswerer, CHANGE_NOTES } from '../canvas/write-pipeline';
import { CaptchaService } from '../captcha/captcha.service';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';
import { PresenceService } from '../presence/presence.service';
import { UsersService } from '../users/users.service';
import { chargePolicyOf, ChargePolicy, chargeState } from '../common/charges';
import { CooldownReservation, PlacementGate } from './placement-gate';
import { Placement } from './placement.validation';

const undoUnavailable = (why: string) => new ApiError(409, 'UNDO_UNAVAILABLE', why);

/** Where a placement keeps its reservation beside its change in the write pipeline (PendingBatch.note). */
const UNTIL = 0;
const PREVIOUS = 1;
const NEXT_CHARGE_AT = 2;
const CHARGES = 3;

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
  /** The synchronous gate's reservation, refilled by every placement (read before the next). */
  private readonly reservation: CooldownReservation = { until: 0, previous: 0, charges: 0, nextChargeAt: 0 };
  /** The reservation as the numbers kept beside the change (UNTIL, PREVIOUS, NEXT_CHARGE_AT, CHARGES). */
  private readonly notes = new Float64Array(CHANGE_NOTES);
  /** Answers a committed placement with its 201 body; a refused one after giving its charge back. */
  private readonly answers: ChangeAnswerer<PlacePixelResponse> = {
    committed: (batch, i) => this.answer(batch.userId[i]!, batch.version[i], batch.note(i, UNTIL), batch.note(i, NEXT_CHARGE_AT), batch.note(i, CHARGES)),
    refused: async (batch, i, refusal) => {
      const reservation = {
        until: batch.note(i, UNTIL),
        previous: batch.note(i, PREVIOUS),
        charges: batch.note(i, CHARGES),
        nextChargeAt: batch.note(i, NEXT_CHARGE_AT),
      };
      await this.release(batch.userId[i]!, reservation);
      throw refusal;
    },
  };

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

  /**
   * `altcha`: the X-Altcha header, looked at only with CAPTCHA=pow for a player the
   * automation rule flagged. With a synchronous gate and no captcha (one process) the
   * placement allocates nothing of its own but the promise it returns and the 201 body
   * (issue 17): the reservation is written into a reused object, its numbers kept beside
   * the change in the write pipeline, and the pipeline's answer is the body itself.
   */
  place(user: { userId: string; name: string }, placement: Placement, altcha?: string): Promise<PlacePixelResponse> {
    if (this.captcha.enabled) return this.placeChecked(user, placement, altcha);
    try {
      this.assertMayPlace(user.userId);
      const entered = this.gate.enter(user.userId, Date.now(), this.reservation);
      if (entered instanceof Promise) return this.placeEntered(user, placement, entered);
      const notes = this.notes;
      notes[UNTIL] = entered.until;
      notes[PREVIOUS] = entered.previous;
      notes[NEXT_CHARGE_AT] = entered.nextChargeAt;
      notes[CHARGES] = entered.charges;
      return this.canvas.placeAnswered(placement.x, placement.y, placement.color, user.userId, user.name, this.answers, notes);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** An asynchronous gate (Redis): the reservation arrives later; committed and answered as in `place`. */
  private async placeEntered(user: { userId: string; name: string }, placement: Placement, entered: Promise<CooldownReservation>): Promise<PlacePixelResponse> {
    const reservation = await entered;
    const committed = await this.commit(user, placement, reservation);
    return this.answer(user.userId, committed.version, reservation.until, reservation.nextChargeAt, reservation.charges);
  }

  /** CAPTCHA=pow: the challenge before the gate, the timing after the commit. */
  private async placeChecked(user: { userId: string; name: string }, placement: Placement, altcha?: string): Promise<PlacePixelResponse> {
    const { userId } = user;
    this.assertMayPlace(userId);
    await this.captcha.beforePlacement(userId, altcha);
    const enteredAt = Date.now();
    // awaited only when asynchronous (Redis): an await of a plain value still costs a promise and a microtask turn
    const entered = this.gate.enter(userId, enteredAt);
    const reservation = entered instanceof Promise ? await entered : entered;
    const committed = await this.commit(user, placement, reservation);
    const body = await this.answer(userId, committed.version, reservation.until, reservation.nextChargeAt, reservation.charges);
    await this.noteTiming(userId, reservation.previous > 0 ? enteredAt - reservation.previous : null);
    return body;
  }

  /** The durable commit of a reserved placement; the reservation is released when it fails. */
  private async commit(user: { userId: string; name: string }, placement: Placement, reservation: CooldownReservation): Promise<{ version: number }> {
    try {
      return await this.canvas.place(placement.x, placement.y, placement.color, user.userId, user.name);
    } catch (error) {
      await this.release(user.userId, reservation);
      throw error;
    }
  }

  /**
   * After the commit: the pixel counted, the AFK window moved and the status pushed (awaited
   * only when presence is asynchronous), then the 201 body — the one object of the answer.
   */
  private answer(userId: string, version: number, until: number, nextChargeAt: number, charges: number): PlacePixelResponse | Promise<PlacePixelResponse> {
    const at = Date.now();
    this.users.notePixelPlaced(userId, at);
    const noted = this.noteAction(userId, at, this.gate.currentFullAt(userId) ?? until);
    const body: PlacePixelResponse = { version, cooldownUntil: nextChargeAt, charges };
    return noted ? noted.then(() => body) : body;
  }

  /** POST /api/canvas/pixels/undo (docs/protocol.md 9). */
  async undo(user: { userId: string; name: string }): Promise<UndoResponse> {
    const { userId } = user;
    if (this.undoWindowMs === 0) throw undoUnavailable('Undo is switched off on this server.');
    this.assertMayPlace(userId);
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

  /** Paused? → banned? (before anything is reserved). */
  private assertMayPlace(userId: string): void {
    if (this.canvas.paused) throw new ApiError(403, 'PAUSED', 'The canvas is paused by the admins.');
    if (this.users.isBanned(userId)) throw new ApiError(403, 'BANNED', 'You are banned from placing pixels.');
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
    try {
      const recorded = this.presence.recordAction(userId, at, fullAt);
      return recorded instanceof Promise ? recorded.catch((error: unknown) => this.presenceNotUpdated(userId, error)) : undefined;
    } catch (error) {
      this.presenceNotUpdated(userId, error);
      return undefined;
    }
  }

  /** The change is committed: it is acknowledged even if the AFK window could not be moved. */
  private presenceNotUpdated(userId: string, error: unknown): void {
    this.logger.warn(`change of ${userId} committed but presence not updated: ${(error as Error).message}`);
  }

  private async release(userId: string, reservation: CooldownReservation): Promise<void> {
    try {
      await this.gate.release(userId, reservation);
    } catch (error) {
      this.logger.warn(`cooldown of ${userId} not released: ${(error as Error).message}`);
    }
  }
}
