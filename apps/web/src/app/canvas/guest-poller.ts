import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { DOCUMENT, Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ConfigStore } from '../api/config.store';
import { Connectivity } from '../shell/connectivity';
import { CanvasStore } from './canvas-store';

const DEFAULT_POLL_MS = 5000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Guests and AFK players (docs/protocol.md 5): `GET /api/canvas` every `guestPollMs` with
 * `If-None-Match`. Paused while the tab is hidden; polls at once when it comes back.
 */
@Injectable({ providedIn: 'root' })
export class GuestPoller {
  private readonly http = inject(HttpClient);
  private readonly config = inject(ConfigStore);
  private readonly store = inject(CanvasStore);
  private readonly connectivity = inject(Connectivity);
  private readonly doc = inject(DOCUMENT);
  private etag: string | null = null;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private failures = 0;

  constructor() {
    this.doc.addEventListener('visibilitychange', () => {
      if (this.running && this.doc.visibilityState === 'visible') this.pollNow();
    });
    this.doc.defaultView?.addEventListener('online', () => this.running && this.pollNow());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pollNow();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
  }

  /** Polls immediately (start, tab shown, back online). */
  pollNow(): void {
    this.clearTimer();
    void this.poll();
  }

  private async poll(): Promise<void> {
    if (!this.running || this.inFlight) return;
    if (this.doc.visibilityState === 'hidden') return;
    this.inFlight = true;
    try {
      const headers: Record<string, string> = this.etag ? { 'If-None-Match': this.etag } : {};
      const response = await firstValueFrom(this.http.get('/api/canvas', { headers, observe: 'response', responseType: 'arraybuffer' }));
      if (this.running && response.body) {
        this.store.acceptSnapshot(new Uint8Array(response.body));
        this.etag = response.headers.get('ETag');
      }
      this.failures = 0;
      this.connectivity.report(true);
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 304) {
        this.failures = 0;
        this.connectivity.report(true);
      } else {
        this.failures++;
        if (error instanceof HttpErrorResponse && error.status === 0) this.connectivity.report(false);
      }
    } finally {
      this.inFlight = false;
      this.schedule();
    }
  }

  private schedule(): void {
    if (!this.running) return;
    const base = this.config.config()?.guestPollMs ?? DEFAULT_POLL_MS;
    const delay = this.failures === 0 ? base : Math.min(base * 2 ** this.failures, MAX_BACKOFF_MS);
    this.clearTimer();
    this.timer = setTimeout(() => void this.poll(), delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
