import { DOCUMENT, effect, inject } from '@angular/core';
import { friendlyMessage, toApiFailure } from './api/api-error';
import { ConfigStore } from './api/config.store';
import { AuthStore } from './auth/auth.store';
import { CanvasStore } from './canvas/canvas-store';
import { I18n } from './i18n/i18n';
import { LocalePreference } from './i18n/locale-preference';
import { PlaySession } from './play/play-session';
import { Connectivity } from './shell/connectivity';
import { TelegramMiniApp } from './telegram/telegram-mini-app';
import { ToastStore } from './shell/toast.store';

/**
 * Runs before the first render: the config is needed for everything (the cached copy
 * does offline), and the texts in the player's language. The session restore and the
 * offline canvas copy run in the background.
 */
export async function startApp(): Promise<void> {
  const config = inject(ConfigStore);
  const auth = inject(AuthStore);
  const canvas = inject(CanvasStore);
  const session = inject(PlaySession);
  const connectivity = inject(Connectivity);
  const locale = inject(LocalePreference);
  const i18n = inject(I18n);
  const toasts = inject(ToastStore);
  const doc = inject(DOCUMENT);
  const telegram = inject(TelegramMiniApp);
  effect(() => {
    if (connectivity.online()) auth.retryIfUnreachable();
  });
  void canvas.restoreFromCache();
  // Inside Telegram: its script first (the language hint reads it), then sign in with its init data.
  await telegram.start();
  const initData = telegram.initData;
  const signIn = initData
    ? auth.signInWithTelegram(initData).catch((error: unknown) => {
        toasts.show(friendlyMessage(toApiFailure(error), i18n.t), 'error');
        return auth.restore();
      })
    : auth.restore();
  void signIn.then(() => session.resumeIfActive());
  await Promise.all([config.load(), locale.start()]);
  reportRedirectFailure(doc, () => toasts.show(i18n.t('signIn.googleIncomplete'), 'error'));
}

/** The Google redirect flow comes back to `/?authError=google` when it did not complete. */
function reportRedirectFailure(doc: Document, report: () => void): void {
  const url = new URL(doc.location.href);
  if (!url.searchParams.has('authError')) return;
  url.searchParams.delete('authError');
  doc.defaultView?.history.replaceState(null, '', url.pathname + url.search + url.hash);
  report();
}
