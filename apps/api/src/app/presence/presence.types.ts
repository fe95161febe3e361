import type { NoticeEvent, PresenceView, StatusEvent } from '@pixel-wars/protocol';
import type { AuthPrincipal } from '../auth/auth-principal';
import type { HeapItem } from '../common/scheduling/deadline-heap';

/** What presence needs of a `/play` socket (realtime's PlaySocket, a Socket.IO socket, satisfies it). */
export interface PresenceSocket {
  readonly id: string;
  readonly data: { principal?: AuthPrincipal };
  emit(event: 'status', payload: StatusEvent): unknown;
  emit(event: 'notice', payload: NoticeEvent): unknown;
  /** `true`: sends the DISCONNECT packet after everything already emitted, then closes the connection once flushed. */
  disconnect(close?: boolean): unknown;
}

/** One tracked user of the in-process implementation: queued or playing, with a live socket or stalled (socket === null). */
export interface Tracked extends HeapItem {
  readonly userId: string;
  phase: 'queued' | 'playing';
  socket: PresenceSocket | null;
  /** Highest session number seen on this user's sockets. */
  session: number;
  /** Epoch ms of the last game action (admission or accepted pixel); playing only. */
  lastActionAt: number;
  /** When every charge is back (common/charges.ts); null before the first placement. */
  cooldownUntil: number | null;
  /** Last queue position sent to the socket (0: none). */
  sentPosition: number;
  /** A placement status is waiting for the next tick (StatusCoalescer). */
  statusDue: boolean;
}

export interface PresenceCounts {
  playing: number;
  queued: number;
  stalled: number;
  sockets: number;
}

/** Events counted by this instance (each happens on exactly one instance, so they add up across a cluster). */
export interface PresenceTotals {
  admissions: number;
  afk: number;
  queueExpiries: number;
  superseded: number;
  kicks: number;
}

export type { PresenceView };
