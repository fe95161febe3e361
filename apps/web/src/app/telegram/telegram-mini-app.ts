import { DOCUMENT, Location } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';
import { applyTelegramInsets, applyTelegramTheme } from './telegram-theme';
import { TelegramWebApp, TelegramWindow, loadTelegramWebApp, openedInTelegram } from './telegram-web-app';

/** What Telegram's bottom MainButton shows and does (null: hidden). */
export interface MainButtonState {
  text: string;
  enabled: boolean;
  action: () => void;
}

/**
 * The PWA as a Telegram Mini App. Outside Telegram `start()` does nothing and every method
 * is a no-op, so the rest of the app never asks where it runs. Inside Telegram it loads
 * Telegram's script (or takes an already present `Telegram.WebApp`), expands the view,
 * takes the client's theme and safe areas, and drives the BackButton from the router.
 */
@Injectable({ providedIn: 'root' })
export class TelegramMiniApp {
  private readonly doc = inject(DOCUMENT);
  private readonly router = inject(Router);
  private readonly location = inject(Location);
  private webApp: TelegramWebApp | null = null;
  private readonly activeState = signal(false);
  private mainAction: (() => void) | null = null;
  /** In-app navigations since start: BackButton goes back while there is somewhere to go. */
  private depth = 0;

  /** True when running inside Telegram with init data. */
  readonly active = this.activeState.asReadonly();

  /** The raw init data to sign in with (null outside Telegram). */
  get initData(): string | null {
    return this.webApp?.initData || null;
  }

  async start(): Promise<void> {
    const win = this.doc.defaultView as (Window & TelegramWindow) | null;
    if (!win || !openedInTelegram(win)) return;
    const app = await loadTelegramWebApp(this.doc);
    if (!app?.initData) return;
    this.webApp = app;
    this.activeState.set(true);
    this.doc.documentElement.classList.add('in-telegram');
    const root = this.doc.documentElement;
    const paint = () => applyTelegramTheme(root, app.themeParams ?? {}, app.colorScheme);
    const inset = () => applyTelegramInsets(root, app.safeAreaInset, app.contentSafeAreaInset);
    paint();
    inset();
    app.onEvent('themeChanged', paint);
    app.onEvent('safeAreaChanged', inset);
    app.onEvent('contentSafeAreaChanged', inset);
    app.MainButton.onClick(() => this.mainAction?.());
    this.followRouter(app);
    app.ready();
    app.expand();
  }

  /** Shows Telegram's MainButton with this text and action, or hides it (null). */
  mainButton(state: MainButtonState | null): void {
    const button = this.webApp?.MainButton;
    if (!button) return;
    this.mainAction = state?.action ?? null;
    if (!state) {
      button.hide();
      return;
    }
    button.setText(state.text);
    if (state.enabled) button.enable();
    else button.disable();
    button.show();
  }

  /** A tap the player feels: success or error of an action (no-op outside Telegram). */
  haptic(kind: 'success' | 'error' | 'warning'): void {
    this.webApp?.HapticFeedback?.notificationOccurred(kind);
  }

  /** BackButton: shown away from the canvas, goes back in the app's own history. */
  private followRouter(app: TelegramWebApp): void {
    app.BackButton.onClick(() => {
      if (this.depth > 1) {
        this.depth -= 2; // the back navigation itself counts one again
        this.location.back();
      } else {
        void this.router.navigateByUrl('/');
      }
    });
    this.router.events.pipe(filter((e) => e instanceof NavigationEnd)).subscribe((end) => {
      this.depth++;
      const path = end.urlAfterRedirects.split(/[?#]/)[0];
      if (path === '/' || path === '') {
        this.depth = 1;
        app.BackButton.hide();
      } else {
        app.BackButton.show();
      }
    });
  }
}
