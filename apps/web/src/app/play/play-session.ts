import { HttpClient } from '@angular/common/http';
import { Injectable, computed, effect, inject, signal } from '@angular/core';
import { MeResponse, NoticeEvent, SOCKET_PATH, StatusEvent } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { ServerClock } from '../api/server-clock';
import { AuthStore } from '../auth/auth.store';
import { CanvasStore } from '../canvas/canvas-store';
import { I18n } from '../i18n/i18n';
import { ToastStore } from '../shell/toast.store';
import { ConnectionProblem, HandshakeProbe } from './handshake-probe';
import { afterPlacement, afterRefusal } from './charges';
import { PLAY_SOCKET_FACTORY, OpenPlaySocket, PlaySocket } from './play-socket';
import { EMPTY_PRESENCE, Phase, PresenceState, isLive, toPresenceState } from './presence';

/**
 * Joining that has neither succeeded nor failed by then is diagnosed: a server that does
 * not answer at all is explained within this plus the probe's 2 s (docs/protocol.md 8: 5 s).
 */
const JOIN_DEADLINE_MS = 2500;
/** Socket.IO's own connect timeout (default 20 s): a WebSocket that hangs counts as failed. */
const CONNECT_TIMEOUT_MS = 8000;
/** While reconnecting, the reason is looked up again at most this often. */
const STALLED_PROBE_EVERY_MS = 5000;

/**
 * The realtime session (docs/protocol.md 4): Play opens the `/play` socket, which carries
 * `pixels`, `status` and `notice`. The client never emits. A handshake that is refused
 * or keeps failing ends in the `failed` phase with a `problem` the status panel explains.
 */
@Injectable({ providedIn: 'root' })
export class PlaySession {
  private readonly auth = inject(AuthStore);
  private readonly http = inject(HttpClient);
  private readonly canvas = inject(CanvasStore);
  private readonly clock = inject(ServerClock);
  private readonly toasts = inject(ToastStore);
  private readonly i18n = inject(I18n);
  private readonly probe = inject(HandshakeProbe);
  private readonly loadSocketClient = inject(PLAY_SOCKET_FACTORY);
  private socket: PlaySocket | null = null;
  /** One token refresh per refused handshake, reset by a successful connection. */
  private refreshedForHandshake = false;
  /** Transport failures of the current join attempt (cleared once connected). */
  private transportFailures = 0;
  private joinDeadline: ReturnType<typeof setTimeout> | null = null;
  private lastStalledProbe = 0;
  /** Set by a `notice` with a code: the close that follows is a ban or a forced sign-out, not AFK. */
  private ejectedFor: ConnectionProblem | null = null;
  private readonly phaseState = signal<Phase>('idle');
  private readonly presenceState = signal<PresenceState>(EMPTY_PRESENCE);
  private readonly problemState = signal<ConnectionProblem | null>(null);

  readonly phase = this.phaseState.asReadonly();
  readonly presence = this.presenceState.asReadonly();
  /** Why joining failed (`failed` phase), or why reconnecting does not succeed (`stalled`). */
  readonly problem = this.problemState.asReadonly();
  readonly live = computed(() => isLive(this.phaseState()));

  constructor() {
    effect(() => {
      const state = this.auth.state();
      if (state === 'signed-out' && this.socket) this.leave('idle');
      // Signed in again after "sign in again": back to the Play button.
      if (state === 'signed-in' && this.phaseState() === 'failed' && this.problemState() === 'unauthorized') this.leave('idle');
    });
  }

  /**
   * After a page load: a player who was queued or playing (now `stalled` on the server)
   * gets the place back by reconnecting at once (docs/protocol.md 5, Stalled).
   */
  async resumeIfActive(): Promise<void> {
    if (!this.auth.signedIn() || this.socket) return;
    try {
      const me = await firstValueFrom(this.http.get<MeResponse>('/api/me'));
      const status = me.presence?.status;
      if (status === 'playing' || status === 'queued' || status === 'stalled') await this.play();
    } catch {
      // Not fatal: the player can press Play.
    }
  }

  /** The Play button (and "Try again"). */
  async play(): Promise<void> {
    if (this.socket || !this.auth.signedIn()) return;
    const wasSuperseded = this.phaseState() === 'superseded';
    this.problemState.set(null);
    this.ejectedFor = null;
    this.phaseState.set('connecting');
    this.startJoinDeadline();
    // Another tab holds a newer session: only a newer one still can take the game back.
    // The handshake needs a valid token: refresh first rather than be refused.
    if ((wasSuperseded || this.auth.tokenStale()) && !(await this.auth.refresh())) {
      if (this.phaseState() !== 'connecting') return;
      if (!this.auth.signedIn()) this.fail('unauthorized');
      else {
        // The refresh failed but did not end the session: rate limited, down, or a server error.
        const result = await this.probe.probe();
        if (this.phaseState() === 'connecting') this.fail(result === 'reachable' ? 'failed' : result);
      }
      return;
    }
    let open: OpenPlaySocket;
    try {
      open = await this.loadSocketClient();
    } catch {
      // The client chunk did not load (offline before the service worker cached it).
      const result = await this.probe.probe();
      if (this.phaseState() === 'connecting' && !this.socket) this.fail(result === 'reachable' ? 'failed' : result);
      return;
    }
    if (this.phaseState() !== 'connecting' || this.socket) return;
    const socket = open({
      path: SOCKET_PATH,
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      timeout: CONNECT_TIMEOUT_MS,
      // A function, so every reconnection presents the current access token.
      auth: (cb) => cb({ token: this.auth.accessToken() ?? '' }),
    });
    this.socket = socket;
    this.transportFailures = 0;
    socket.on('connect', () => {
      this.refreshedForHandshake = false;
      this.transportFailures = 0;
      this.problemState.set(null);
      // Changes made while we were polling or disconnected send no frame of their own.
      this.canvas.checkNow();
    });
    socket.on('pixels', (frame) => this.canvas.acceptFrame(frame));
    socket.on('status', (status) => this.onStatus(status));
    socket.on('notice', (notice: NoticeEvent) => this.onNotice(notice));
    socket.on('disconnect', (reason) => this.onDisconnect(reason));
    socket.on('connect_error', (error) => void this.onConnectError(socket, error));
  }

  /** Closes the socket (sign-out, leaving). */
  leave(next: Phase = 'idle'): void {
    const socket = this.socket;
    this.socket = null;
    this.clearJoinDeadline();
    socket?.removeAllListeners();
    socket?.disconnect();
    this.phaseState.set(next);
    this.presenceState.set(EMPTY_PRESENCE);
    if (next !== 'failed') this.problemState.set(null);
  }

  /** A placement was accepted: charges, the cooldown and the AFK deadline move (local times). */
  placed(cooldownUntil: number, afkAt: number | null, charges?: number): void {
    const now = Date.now();
    this.presenceState.update((p) => ({ ...p, ...afterPlacement(p, cooldownUntil, charges, now), afkAt: afkAt ?? p.afkAt }));
  }

  /** An undo gave the charge back (docs/protocol.md 9). */
  chargeReturned(charges: number): void {
    this.presenceState.update((p) => (p.charges === null ? { ...p, cooldownUntil: null } : { ...p, charges }));
  }

  /** The server refused a placement for the cooldown: trust its figure. */
  coolingDown(until: number): void {
    this.presenceState.update((p) => ({ ...p, ...afterRefusal(p, until) }));
  }

  private fail(problem: ConnectionProblem): void {
    this.leave('failed');
    this.problemState.set(problem);
    if (problem === 'unauthorized' && this.auth.signedIn()) this.auth.clear();
  }

  private onStatus(status: StatusEvent): void {
    this.clearJoinDeadline();
    const presence = toPresenceState(status, (t) => this.clock.toLocal(t));
    switch (status.status) {
      case 'queued':
      case 'playing':
      case 'stalled':
        this.phaseState.set(status.status);
        this.presenceState.update((p) => ({
          ...presence,
          cooldownUntil: presence.cooldownUntil ?? p.cooldownUntil,
          // A status without charges (an older server, or a queue update) keeps what we knew.
          ...(presence.charges === null ? { charges: p.charges, nextChargeAt: p.nextChargeAt } : {}),
        }));
        break;
      case 'afk':
        if (this.ejectedFor) this.fail(this.ejectedFor);
        else this.leave('afk');
        break;
      case 'superseded':
        this.leave('superseded');
        break;
    }
  }

  private onNotice(notice: NoticeEvent): void {
    if (notice.code === 'BANNED') this.ejectedFor = 'banned';
    if (notice.code === 'SESSIONS_ENDED') this.ejectedFor = 'unauthorized';
    // Server notices are worded here; an admin's announcement is shown as written.
    this.toasts.show(notice.code ? this.i18n.t(`notice.${notice.code}`) : notice.message, notice.code ? 'warning' : 'info');
  }

  private onDisconnect(reason: string): void {
    if (!this.socket) return;
    if (reason === 'io server disconnect') {
      // Closed by the server without an afk/superseded status first.
      if (this.ejectedFor) this.fail(this.ejectedFor);
      else this.leave('afk');
      return;
    }
    if (reason !== 'io client disconnect') this.phaseState.set('stalled');
  }

  private async onConnectError(socket: PlaySocket, error: Error): Promise<void> {
    if (socket !== this.socket) return;
    if (socket.active) {
      // Transport trouble: Socket.IO keeps retrying on its own; find out why it fails.
      await this.onTransportFailure(socket);
      return;
    }
    // Refused by the server's handshake check.
    if (error.message === 'UNAUTHORIZED' && !this.refreshedForHandshake) {
      this.refreshedForHandshake = true;
      if (await this.auth.refresh()) {
        if (socket === this.socket) socket.connect();
        return;
      }
    }
    if (socket !== this.socket) return;
    this.fail(handshakeRefusal(error.message));
  }

  /**
   * Joining: the first failure is probed (an answer like "unreachable" or "rate limited"
   * ends the attempt at once); a second one with the server reachable means the WebSocket
   * itself is refused. Reconnecting (`stalled`): keep retrying, but say why it fails.
   */
  private async onTransportFailure(socket: PlaySocket): Promise<void> {
    this.transportFailures++;
    if (this.phaseState() === 'connecting') {
      if (this.transportFailures > 1) {
        this.fail('refused');
        return;
      }
      const result = await this.probe.probe();
      if (socket === this.socket && this.phaseState() === 'connecting' && !socket.connected && result !== 'reachable') this.fail(result);
      return;
    }
    if (this.phaseState() === 'stalled' && Date.now() - this.lastStalledProbe >= STALLED_PROBE_EVERY_MS) {
      this.lastStalledProbe = Date.now();
      const result = await this.probe.probe();
      if (socket === this.socket && !socket.connected) this.problemState.set(toProblem(result));
    }
  }

  private startJoinDeadline(): void {
    this.clearJoinDeadline();
    this.joinDeadline = setTimeout(() => {
      this.joinDeadline = null;
      void this.onJoinDeadline();
    }, JOIN_DEADLINE_MS);
  }

  private clearJoinDeadline(): void {
    if (this.joinDeadline !== null) clearTimeout(this.joinDeadline);
    this.joinDeadline = null;
  }

  /**
   * Still joining after JOIN_DEADLINE_MS without a failure: a server that does not answer,
   * or refuses, is explained now. One that answers is only slow (a loaded machine): the
   * attempt goes on, and a failure of it is explained as it happens.
   */
  private async onJoinDeadline(): Promise<void> {
    const socket = this.socket;
    if (this.phaseState() !== 'connecting' || socket?.connected) return;
    const result = await this.probe.probe();
    if (result !== 'reachable' && this.phaseState() === 'connecting' && this.socket === socket && !socket?.connected) this.fail(result);
  }
}

function handshakeRefusal(message: string): ConnectionProblem {
  switch (message) {
    case 'UNAUTHORIZED':
      return 'unauthorized';
    case 'BANNED':
      return 'banned';
    case 'RATE_LIMITED':
      return 'rate-limited';
    case 'ORIGIN_NOT_ALLOWED':
      return 'refused';
    default:
      return 'failed';
  }
}

/** A probe that found the server accepting means the failure lies elsewhere (the WebSocket). */
function toProblem(result: Awaited<ReturnType<HandshakeProbe['probe']>>): ConnectionProblem {
  return result === 'reachable' ? 'refused' : result;
}
