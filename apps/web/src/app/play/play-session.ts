import { HttpClient } from '@angular/common/http';
import { Injectable, computed, effect, inject, signal } from '@angular/core';
import { MeResponse, NoticeEvent, PLAY_NAMESPACE, SOCKET_PATH, ServerToClientEvents, StatusEvent } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import type { Socket } from 'socket.io-client';
import { ServerClock } from '../api/server-clock';
import { AuthStore } from '../auth/auth.store';
import { CanvasStore } from '../canvas/canvas-store';
import { ToastStore } from '../shell/toast.store';
import { EMPTY_PRESENCE, Phase, PresenceState, isLive, toPresenceState } from './presence';

type PlaySocket = Socket<ServerToClientEvents, Record<string, never>>;

/**
 * The realtime session (PROTOCOL.md 4): Play opens the `/play` socket, which carries
 * `pixels`, `status` and `notice`. The client never emits.
 */
@Injectable({ providedIn: 'root' })
export class PlaySession {
  private readonly auth = inject(AuthStore);
  private readonly http = inject(HttpClient);
  private readonly canvas = inject(CanvasStore);
  private readonly clock = inject(ServerClock);
  private readonly toasts = inject(ToastStore);
  private socket: PlaySocket | null = null;
  /** One token refresh per refused handshake, reset by a successful connection. */
  private refreshedForHandshake = false;
  private readonly phaseState = signal<Phase>('idle');
  private readonly presenceState = signal<PresenceState>(EMPTY_PRESENCE);

  readonly phase = this.phaseState.asReadonly();
  readonly presence = this.presenceState.asReadonly();
  readonly live = computed(() => isLive(this.phaseState()));

  constructor() {
    effect(() => {
      if (this.auth.state() === 'signed-out' && this.socket) this.leave('idle');
    });
  }

  /**
   * After a page load: a player who was queued or playing (now `stalled` on the server)
   * gets the place back by reconnecting at once (PROTOCOL.md 5, Stalled).
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

  /** The Play button. */
  async play(): Promise<void> {
    if (this.socket || !this.auth.signedIn()) return;
    const wasSuperseded = this.phaseState() === 'superseded';
    this.phaseState.set('connecting');
    // Another tab holds a newer session: only a newer one still can take the game back.
    // The handshake needs a valid token: refresh first rather than be refused.
    if ((wasSuperseded || this.auth.tokenStale()) && !(await this.auth.refresh())) {
      this.phaseState.set('idle');
      return;
    }
    const { io } = await import('socket.io-client');
    if (this.phaseState() !== 'connecting' || this.socket) return;
    const socket: PlaySocket = io(PLAY_NAMESPACE, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      // A function, so every reconnection presents the current access token.
      auth: (cb) => cb({ token: this.auth.accessToken() ?? '' }),
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.refreshedForHandshake = false;
      // Changes made while we were polling or disconnected send no frame of their own.
      this.canvas.checkNow();
    });
    socket.on('pixels', (frame) => this.canvas.acceptFrame(frame));
    socket.on('status', (status) => this.onStatus(status));
    socket.on('notice', (notice: NoticeEvent) => this.toasts.show(notice.message, 'info'));
    socket.on('disconnect', (reason) => this.onDisconnect(reason));
    socket.on('connect_error', (error) => void this.onConnectError(socket, error));
  }

  /** Closes the socket (sign-out, leaving). */
  leave(next: Phase = 'idle'): void {
    const socket = this.socket;
    this.socket = null;
    socket?.removeAllListeners();
    socket?.disconnect();
    this.phaseState.set(next);
    this.presenceState.set(EMPTY_PRESENCE);
  }

  /** A placement was accepted: the cooldown and the AFK deadline move (local times). */
  placed(cooldownUntil: number, afkAt: number | null): void {
    this.presenceState.update((p) => ({ ...p, cooldownUntil, afkAt: afkAt ?? p.afkAt }));
  }

  /** The server refused a placement for the cooldown: trust its figure. */
  coolingDown(until: number): void {
    this.presenceState.update((p) => ({ ...p, cooldownUntil: until }));
  }

  private onStatus(status: StatusEvent): void {
    const presence = toPresenceState(status, (t) => this.clock.toLocal(t));
    switch (status.status) {
      case 'queued':
      case 'playing':
      case 'stalled':
        this.phaseState.set(status.status);
        this.presenceState.update((p) => ({ ...presence, cooldownUntil: presence.cooldownUntil ?? p.cooldownUntil }));
        break;
      case 'afk':
        this.leave('afk');
        break;
      case 'superseded':
        this.leave('superseded');
        break;
    }
  }

  private onDisconnect(reason: string): void {
    if (!this.socket) return;
    if (reason === 'io server disconnect') {
      // Closed by the server without an afk/superseded status first.
      this.leave('afk');
      return;
    }
    if (reason !== 'io client disconnect') this.phaseState.set('stalled');
  }

  private async onConnectError(socket: PlaySocket, error: Error): Promise<void> {
    if (socket !== this.socket) return;
    if (socket.active) {
      // Transport trouble: Socket.IO keeps retrying on its own.
      if (this.phaseState() !== 'connecting') this.phaseState.set('stalled');
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
    this.leave('idle');
    this.toasts.show(
      error.message === 'UNAUTHORIZED' ? 'Your session has expired. Please sign in again.' : 'Could not join the game. Try again.',
      'error',
    );
  }
}
