import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { UndoResponse } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { friendlyMessage, toApiFailure } from '../api/api-error';
import { ConfigStore } from '../api/config.store';
import { I18n } from '../i18n/i18n';
import { ToastStore } from '../shell/toast.store';
import { PlaySession } from './play-session';

/** docs/protocol.md 9: UNDO_WINDOW_MS when the server does not tell it. */
export const DEFAULT_UNDO_WINDOW_MS = 5000;

/**
 * The Undo toast after each accepted placement (`POST /api/canvas/pixels/undo`): it stays
 * for the undo window, counted from when the answer arrived.
 */
@Injectable({ providedIn: 'root' })
export class UndoOffer {
  private readonly http = inject(HttpClient);
  private readonly config = inject(ConfigStore);
  private readonly session = inject(PlaySession);
  private readonly toasts = inject(ToastStore);
  private readonly t = inject(I18n).t;
  private offered: number | null = null;

  windowMs(): number {
    return this.config.config()?.undoWindowMs ?? DEFAULT_UNDO_WINDOW_MS;
  }

  /** Offers Undo for the placement just accepted; `undone` runs when the server agreed. */
  offer(undone: () => void): void {
    const windowMs = this.windowMs();
    if (windowMs <= 0) return;
    if (this.offered !== null) this.toasts.dismiss(this.offered);
    this.offered = this.toasts.show(this.t('undo.placed'), 'success', {
      lifetimeMs: windowMs,
      action: { label: this.t('undo.action'), run: () => void this.undo(undone) },
    });
  }

  private async undo(undone: () => void): Promise<void> {
    this.offered = null;
    try {
      const answer = await firstValueFrom(this.http.post<UndoResponse>('/api/canvas/pixels/undo', null));
      this.session.chargeReturned(answer.charges);
      undone();
      this.toasts.show(this.t('undo.done'), 'info');
    } catch (error) {
      const failure = toApiFailure(error);
      this.toasts.show(friendlyMessage(failure, this.t), failure.code === 'UNDO_UNAVAILABLE' ? 'warning' : 'error');
    }
  }
}
