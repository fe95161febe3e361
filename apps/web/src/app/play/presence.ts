import { PresenceView } from '@pixel-wars/protocol';
import { ChargeState } from './charges';

/**
 * What the player sees of the realtime session:
 * - idle: guest polling, never pressed Play (or signed out);
 * - connecting: Play pressed, waiting for the first `status`;
 * - queued / playing: live socket (docs/protocol.md 4);
 * - stalled: the socket dropped, Socket.IO is reconnecting;
 * - afk / superseded: the server closed the socket; back to guest polling;
 * - failed: joining was refused or did not succeed (PlaySession.problem says why).
 */
export type Phase = 'idle' | 'connecting' | 'queued' | 'playing' | 'stalled' | 'afk' | 'superseded' | 'failed';

/** Phases in which the socket feeds the canvas (no guest polling). */
export function isLive(phase: Phase): boolean {
  return phase === 'connecting' || phase === 'queued' || phase === 'playing' || phase === 'stalled';
}

/** Presence as shown, in local clock time. */
export interface PresenceState extends ChargeState {
  position: number | null;
  queueLength: number | null;
  /** Local epoch ms when the player turns AFK. */
  afkAt: number | null;
}

export const EMPTY_PRESENCE: PresenceState = { position: null, queueLength: null, afkAt: null, cooldownUntil: null, charges: null, nextChargeAt: null };

export function toPresenceState(view: PresenceView, toLocal: (serverTime: number) => number): PresenceState {
  return {
    position: view.position ?? null,
    queueLength: view.queueLength ?? null,
    afkAt: view.afkAt !== undefined ? toLocal(view.afkAt) : null,
    cooldownUntil: view.cooldownUntil !== undefined ? toLocal(view.cooldownUntil) : null,
    charges: view.charges ?? null,
    nextChargeAt: view.charges !== undefined && view.nextChargeAt !== undefined ? toLocal(view.nextChargeAt) : null,
  };
}
