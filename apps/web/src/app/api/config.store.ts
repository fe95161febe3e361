import { HttpClient, HttpResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { ConfigResponse, isHexColor } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { ServerClock } from './server-clock';

const STORAGE_KEY = 'pixel-wars.config';

function isConfig(value: unknown): value is ConfigResponse {
  const c = value as ConfigResponse;
  return (
    typeof c === 'object' &&
    c !== null &&
    Number.isInteger(c.width) &&
    Number.isInteger(c.height) &&
    Array.isArray(c.palette) &&
    c.palette.length > 0 &&
    c.palette.every(isHexColor) &&
    typeof c.guestPollMs === 'number' &&
    typeof c.auth === 'object'
  );
}

/** `GET /api/config`, with the last answer kept in localStorage for offline starts. */
@Injectable({ providedIn: 'root' })
export class ConfigStore {
  private readonly http = inject(HttpClient);
  private readonly clock = inject(ServerClock);
  private readonly state = signal<ConfigResponse | null>(null);
  /** True when the config shown comes from the local copy (the server was unreachable). */
  readonly fromCache = signal(false);

  readonly config = this.state.asReadonly();
  readonly palette = computed(() => this.state()?.palette ?? []);

  /** Loads the config; falls back to the cached copy. Resolves to whether one is available. */
  async load(): Promise<boolean> {
    try {
      const response = await firstValueFrom(this.http.get<ConfigResponse>('/api/config', { observe: 'response' }));
      this.accept(response);
      return true;
    } catch {
      const cached = this.readCache();
      if (cached && !this.state()) {
        this.state.set(cached);
        this.fromCache.set(true);
      }
      return this.state() !== null;
    }
  }

  private accept(response: HttpResponse<ConfigResponse>): void {
    const body = response.body;
    if (!isConfig(body)) throw new Error('invalid /api/config answer');
    this.clock.fromDateHeader(response.headers.get('Date'), Date.now());
    this.state.set(body);
    this.fromCache.set(false);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(body));
    } catch {
      // Private mode or a full quota: offline start just won't have a config.
    }
  }

  private readCache(): ConfigResponse | null {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
      return isConfig(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
}
