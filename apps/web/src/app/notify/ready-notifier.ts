import { DOCUMENT, Injectable, computed, effect, inject, signal } from '@angular/core';
import { I18n } from '../i18n/i18n';
import { nextReadyAt } from '../play/charges';
import { Placement } from '../play/placement';
import { PlaySession } from '../play/play-session';
import { ToastStore } from '../shell/toast.store';

const ENABLED_KEY = 'pw.readyNotify';
const PLACED_KEY = 'pw.placedOnce';
const VIBRATION_MS = [120, 60, 120];

/**
 * The opt-in "your next pixel is ready" notification: offered only once the player has
 * placed a pixel (never a permission prompt before that), shown through the service
 * worker registration while the tab is hidden, with a short vibration on phones.
 */
@Injectable({ providedIn: 'root' })
export class ReadyNotifier {
  private readonly document = inject(DOCUMENT);
  private readonly placement = inject(Placement);
  private readonly session = inject(PlaySession);
  private readonly toasts = inject(ToastStore);
  private readonly t = inject(I18n).t;
  private readonly window = this.document.defaultView;
  private readonly enabledState = signal(this.read(ENABLED_KEY) && this.permission() === 'granted');
  private readonly placedBefore = signal(this.read(PLACED_KEY));
  private timer: ReturnType<typeof setTimeout> | null = null;

  readonly supported = typeof this.window?.Notification === 'function';
  readonly enabled = this.enabledState.asReadonly();
  /** The toggle appears after the first accepted placement (on this device). */
  readonly offered = computed(() => this.supported && (this.placedBefore() || this.placement.placedCount() > 0));

  constructor() {
    effect(() => {
      if (this.placement.placedCount() > 0 && !this.placedBefore()) {
        this.write(PLACED_KEY, true);
        this.placedBefore.set(true);
      }
    });
    effect(() => {
      const at = this.session.phase() === 'playing' && this.enabledState() ? nextReadyAt(this.placement.charges(), Date.now()) : null;
      if (this.timer) clearTimeout(this.timer);
      this.timer = at === null ? null : setTimeout(() => void this.ready(), at - Date.now());
    });
  }

  /** The toggle: asks for permission (a user gesture, after a placement) when turning on. */
  async toggle(): Promise<void> {
    if (this.enabledState()) {
      this.set(false);
      return;
    }
    if (!this.supported || !this.offered()) return;
    const permission = this.permission() === 'granted' ? 'granted' : await this.window!.Notification.requestPermission();
    if (permission === 'granted') {
      this.set(true);
      this.toasts.show(this.t('notify.enabled'), 'success');
    } else {
      this.toasts.show(this.t('notify.blocked'), 'warning');
    }
  }

  private async ready(): Promise<void> {
    this.timer = null;
    if (!this.document.hidden || !this.enabledState() || this.permission() !== 'granted') return;
    const title = this.t('notify.title');
    const options: NotificationOptions = { body: this.t('notify.body'), tag: 'pw-ready', icon: 'icons/icon-192.png' };
    try {
      const registration = await this.window?.navigator.serviceWorker?.getRegistration();
      if (registration) await registration.showNotification(title, options);
      else new this.window!.Notification(title, options);
    } catch {
      // The system refused to show it (e.g. focus assist): nothing to tell a hidden tab.
    }
    // Phones (touch screens) only: a desktop has nothing to shake.
    const nav = this.window?.navigator;
    if (nav && nav.maxTouchPoints > 0) nav.vibrate?.(VIBRATION_MS);
  }

  private set(on: boolean): void {
    this.enabledState.set(on);
    this.write(ENABLED_KEY, on);
  }

  private permission(): NotificationPermission | 'unsupported' {
    return typeof this.window?.Notification === 'function' ? this.window.Notification.permission : 'unsupported';
  }

  private read(key: string): boolean {
    try {
      return this.window?.localStorage.getItem(key) === '1';
    } catch {
      return false;
    }
  }

  private write(key: string, on: boolean): void {
    try {
      if (on) this.window?.localStorage.setItem(key, '1');
      else this.window?.localStorage.removeItem(key);
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  }
}
