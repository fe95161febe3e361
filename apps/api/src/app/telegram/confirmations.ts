import { randomBytes } from 'node:crypto';
import { AdminActor, ConfirmationRequest } from '../admin/admin-command';

export const CONFIRMATION_TTL_MS = 5 * 60_000;
const MAX_PENDING = 100;

export interface PendingConfirmation extends ConfirmationRequest {
  action: string;
  args: string;
  requestedBy: AdminActor;
  expiresAt: number;
}

/** Callback data of the two buttons: `cf:<nonce>:y` and `cf:<nonce>:n` (≤ 64 bytes). */
export const CONFIRM_CALLBACK = /^cf:([A-Za-z0-9_-]{8,16}):([yn])$/;

/**
 * One-time confirmations waiting for a button press (in memory: after a restart the
 * button answers "expired" and the admin sends the command again).
 */
export class ConfirmationStore {
  private readonly pending = new Map<string, PendingConfirmation>();

  constructor(private readonly now: () => number = Date.now) {}

  add(confirmation: Omit<PendingConfirmation, 'expiresAt'>): string {
    this.sweep();
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
    const nonce = randomBytes(9).toString('base64url');
    this.pending.set(nonce, { ...confirmation, expiresAt: this.now() + CONFIRMATION_TTL_MS });
    return nonce;
  }

  /** Removes and returns the confirmation, or null when unknown, used or expired. */
  take(nonce: string): PendingConfirmation | null {
    const found = this.pending.get(nonce);
    if (!found) return null;
    this.pending.delete(nonce);
    return found.expiresAt > this.now() ? found : null;
  }

  private sweep(): void {
    const now = this.now();
    for (const [nonce, confirmation] of this.pending) if (confirmation.expiresAt <= now) this.pending.delete(nonce);
  }
}
