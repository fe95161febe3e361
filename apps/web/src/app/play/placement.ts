import { HttpClient } from '@angular/common/http';
import { Injectable, computed, effect, inject, signal } from '@angular/core';
import { PlacePixelRequest, PlacePixelResponse } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { friendlyMessage, toApiFailure } from '../api/api-error';
import { ConfigStore } from '../api/config.store';
import { ServerClock } from '../api/server-clock';
import { CanvasStore } from '../canvas/canvas-store';
import { I18n } from '../i18n/i18n';
import { ToastStore } from '../shell/toast.store';
import { TelegramMiniApp } from '../telegram/telegram-mini-app';
import { PlaySession } from './play-session';

/** A placement accepted by the server and not yet seen in the stream. */
export interface PendingPixel {
  x: number;
  y: number;
  color: number;
  version: number;
}

/**
 * `POST /api/canvas/pixels`. The bitmap is never changed here: an accepted pixel is drawn
 * as an overlay until the stream (or the next snapshot) reaches its version, so the
 * version tracking stays exact.
 */
@Injectable({ providedIn: 'root' })
export class Placement {
  private readonly http = inject(HttpClient);
  private readonly config = inject(ConfigStore);
  private readonly clock = inject(ServerClock);
  private readonly canvas = inject(CanvasStore);
  private readonly session = inject(PlaySession);
  private readonly toasts = inject(ToastStore);
  private readonly t = inject(I18n).t;
  private readonly telegram = inject(TelegramMiniApp);
  private readonly pendingState = signal<readonly PendingPixel[]>([]);
  private readonly busyState = signal(false);

  readonly pending = this.pendingState.asReadonly();
  readonly busy = this.busyState.asReadonly();
  readonly cooldownUntil = computed(() => this.session.presence().cooldownUntil ?? 0);

  constructor() {
    effect(() => {
      const version = this.canvas.version();
      if (this.pendingState().some((p) => p.version <= version)) {
        this.pendingState.update((list) => list.filter((p) => p.version > version));
      }
    });
  }

  /** Places a pixel. Resolves to whether the server accepted it. */
  async place(x: number, y: number, color: number): Promise<boolean> {
    if (this.busyState()) return false;
    const now = Date.now();
    if (this.cooldownUntil() > now) {
      this.toasts.show(friendlyMessage({ status: 429, code: 'COOLDOWN', message: '', retryAfterMs: this.cooldownUntil() - now }, this.t), 'warning');
      return false;
    }
    this.busyState.set(true);
    const body: PlacePixelRequest = { x, y, color };
    const sentAt = Date.now();
    try {
      const answer = await firstValueFrom(this.http.post<PlacePixelResponse>('/api/canvas/pixels', body));
      const receivedAt = Date.now();
      const cooldownMs = this.config.config()?.cooldownMs;
      if (cooldownMs !== undefined) this.clock.fromExchange(answer.cooldownUntil - cooldownMs, sentAt, receivedAt);
      const afkAfterMs = this.config.config()?.afkAfterMs;
      this.session.placed(this.clock.toLocal(answer.cooldownUntil), afkAfterMs ? receivedAt + afkAfterMs : null);
      if (answer.version > this.canvas.version()) {
        this.pendingState.update((list) => [...list, { x, y, color, version: answer.version }]);
      }
      this.telegram.haptic('success');
      return true;
    } catch (error) {
      const failure = toApiFailure(error);
      if (failure.code === 'COOLDOWN' && failure.retryAfterMs !== undefined) {
        this.session.coolingDown(Date.now() + failure.retryAfterMs);
      }
      this.toasts.show(friendlyMessage(failure, this.t), failure.code === 'COOLDOWN' ? 'warning' : 'error');
      this.telegram.haptic(failure.code === 'COOLDOWN' ? 'warning' : 'error');
      return false;
    } finally {
      this.busyState.set(false);
    }
  }
}
