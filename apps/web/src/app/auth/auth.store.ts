import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { AuthResponse, PublicUser } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { withRefreshLock } from './refresh-lock';

export type AuthState = 'restoring' | 'signed-in' | 'signed-out';

/** Refresh this long before the access token expires rather than waiting for a 401. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * Set while this browser may hold a refresh cookie (signed in, or leaving for the Google
 * redirect flow). Without it a page load skips the refresh call: guests, the vast
 * majority, then cost the auth endpoint (and its per-IP rate limit) nothing.
 */
const SESSION_HINT_KEY = 'pixel-wars.session';

function readHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT_KEY) === '1';
  } catch {
    return true;
  }
}

function writeHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(SESSION_HINT_KEY, '1');
    else localStorage.removeItem(SESSION_HINT_KEY);
  } catch {
    // Storage unavailable: readHint() then always says "maybe".
  }
}

/**
 * The session: the access token lives in memory only; the refresh token is an HttpOnly
 * cookie scoped to /api/auth that this code never sees.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private token: string | null = null;
  private expiresAt = 0;
  private inFlight: Promise<boolean> | null = null;
  /** The last refresh failed because the server was unreachable (worth retrying online). */
  private unreachable = false;
  /** Another proof to sign in again with when the refresh cookie is refused (the Mini App's init data). */
  private reauthenticate: (() => Promise<AuthResponse>) | null = null;
  private readonly currentUser = signal<PublicUser | null>(null);
  private readonly currentState = signal<AuthState>('restoring');

  readonly user = this.currentUser.asReadonly();
  readonly state = this.currentState.asReadonly();
  readonly signedIn = computed(() => this.currentState() === 'signed-in');

  accessToken(): string | null {
    return this.token;
  }

  /** True when there is a token but it is about to expire (refresh before using it). */
  tokenStale(now = Date.now()): boolean {
    return this.token !== null && now >= this.expiresAt - EXPIRY_MARGIN_MS;
  }

  /** Page start: a valid refresh cookie signs the user back in. */
  async restore(): Promise<void> {
    if (readHint()) await this.refresh();
    else this.currentState.set('signed-out');
  }

  /** About to leave for the Google redirect flow, which comes back with a refresh cookie. */
  expectRedirectSignIn(): void {
    writeHint(true);
  }

  /** The connection came back: retry a restore that failed only because we were offline. */
  retryIfUnreachable(): void {
    if (this.unreachable && this.currentState() !== 'signed-in') void this.refresh();
  }

  /**
   * `POST /api/auth/refresh`. Concurrent callers share one request. Resolves to whether a
   * session exists afterwards; a refused refresh signs the user out locally.
   */
  refresh(): Promise<boolean> {
    this.inFlight ??= withRefreshLock(() => this.doRefresh()).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  async signInWithGoogle(credential: string): Promise<void> {
    this.accept(await firstValueFrom(this.http.post<AuthResponse>('/api/auth/google', { credential })));
  }

  /**
   * Mini App: signs in with Telegram's init data, and signs in with it again whenever the
   * refresh cookie is refused (Telegram Web frames the app, and browsers may drop its cookies).
   */
  async signInWithTelegram(initData: string): Promise<void> {
    const post = () => firstValueFrom(this.http.post<AuthResponse>('/api/auth/telegram', { initData }));
    this.reauthenticate = post;
    this.accept(await post());
  }

  async signInDev(name: string): Promise<void> {
    this.accept(await firstValueFrom(this.http.post<AuthResponse>('/api/auth/dev', { name })));
  }

  async signOut(): Promise<void> {
    this.reauthenticate = null;
    try {
      await firstValueFrom(this.http.post('/api/auth/logout', null));
    } finally {
      this.clear();
    }
  }

  /** Forget the session locally (e.g. the server refused every token). */
  clear(): void {
    writeHint(false);
    this.token = null;
    this.expiresAt = 0;
    this.currentUser.set(null);
    this.currentState.set('signed-out');
  }

  private async doRefresh(): Promise<boolean> {
    try {
      this.accept(await firstValueFrom(this.http.post<AuthResponse>('/api/auth/refresh', null)));
      return true;
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0;
      this.unreachable = status === 0;
      if ((status === 401 || status === 403) && (await this.signInAgain())) return true;
      if (status === 401 || status === 403) {
        this.clear();
      } else if (this.currentState() !== 'signed-in') {
        // Offline, rate-limited or a server error: not signed in for now, but the
        // cookie may still be good, so keep the hint for the next attempt.
        this.currentState.set('signed-out');
      }
      return false;
    }
  }

  private async signInAgain(): Promise<boolean> {
    if (!this.reauthenticate) return false;
    try {
      this.accept(await this.reauthenticate());
      return true;
    } catch {
      this.reauthenticate = null;
      return false;
    }
  }

  private accept(response: AuthResponse): void {
    writeHint(true);
    this.unreachable = false;
    this.token = response.accessToken;
    this.expiresAt = Date.now() + response.expiresIn * 1000;
    this.currentUser.set(response.user);
    this.currentState.set('signed-in');
  }
}
