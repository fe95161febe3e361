import { HttpClient } from '@angular/common/http';
import { DOCUMENT, Injectable, effect, inject, untracked } from '@angular/core';
import { DEFAULT_LOCALE, type Locale, type PublicUser, type SetLocaleRequest, isLocale } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { AuthStore } from '../auth/auth.store';
import { I18n } from './i18n';
import { LOCALE_HINTS, matchLocale } from './locale-detection';

const STORAGE_KEY = 'pixel-wars.locale';

function readStored(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function store(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage unavailable: the choice lasts for this page only.
  }
}

/**
 * Which language the player sees, and where the choice is remembered:
 * - first visit: a hint (Telegram's language_code), else the browser's languages, else English;
 * - a choice from the language switch is stored on the device and, when signed in, on the
 *   account (`PUT /api/me/locale`);
 * - signing in applies the account's language, unless the player chose one on this page
 *   while signed out: that choice is saved to the account instead.
 */
@Injectable({ providedIn: 'root' })
export class LocalePreference {
  private readonly i18n = inject(I18n);
  private readonly auth = inject(AuthStore);
  private readonly http = inject(HttpClient);
  private readonly hints = inject(LOCALE_HINTS);
  private readonly navigator = inject(DOCUMENT).defaultView?.navigator;
  /** Chosen while signed out on this page: goes to the account at the next sign-in. */
  private guestChoice = false;
  /** The account whose language was reconciled already (refreshes do not repeat it). */
  private reconciledUser: string | null = null;

  constructor() {
    effect(() => {
      const user = this.auth.user();
      untracked(() => this.reconcile(user));
    });
  }

  /** The language to start in (before the first render). */
  start(): Promise<void> {
    const detected =
      readStored() ??
      matchLocale(this.hints.map((hint) => hint())) ??
      matchLocale(this.navigator?.languages?.length ? this.navigator.languages : [this.navigator?.language]) ??
      DEFAULT_LOCALE;
    return this.i18n.use(detected).catch(() => this.i18n.use(DEFAULT_LOCALE));
  }

  /** The language switch. */
  async choose(locale: Locale): Promise<void> {
    store(locale);
    await this.i18n.use(locale);
    if (this.auth.signedIn()) await this.saveToAccount(locale);
    else this.guestChoice = true;
  }

  private reconcile(user: PublicUser | null): void {
    if (!user) {
      this.reconciledUser = null;
      return;
    }
    if (user.id === this.reconciledUser) return;
    this.reconciledUser = user.id;
    const current = this.i18n.locale();
    const account = isLocale(user.locale) ? user.locale : null;
    if (this.guestChoice || (account === null && readStored() !== null)) {
      this.guestChoice = false;
      if (account !== current) void this.saveToAccount(current);
    } else if (account !== null && account !== current) {
      store(account);
      void this.i18n.use(account);
    }
  }

  private async saveToAccount(locale: Locale): Promise<void> {
    const body: SetLocaleRequest = { locale };
    try {
      await firstValueFrom(this.http.put('/api/me/locale', body));
    } catch {
      // Offline or signed out meanwhile: the device still remembers the choice.
    }
  }
}
