import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ConfigStore } from './api/config.store';
import { I18n } from './i18n/i18n';
import { SignInDialog } from './auth/sign-in-dialog';
import { OfflineScreen } from './shell/offline-screen';
import { ToastHost } from './shell/toast-host';
import { TopBar } from './shell/top-bar';
import { UpdatePrompt } from './shell/update-prompt';

@Component({
  selector: 'pw-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, TopBar, ToastHost, UpdatePrompt, SignInDialog, OfflineScreen],
  host: { class: 'app' },
  template: `
    <a class="skip-link" href="#main">{{ i18n.t('app.skipToContent') }}</a>
    <pw-top-bar />
    <main id="main" class="app__main" tabindex="-1">
      @if (config.config()) {
        <router-outlet />
      } @else {
        <pw-offline-screen />
      }
    </main>
    <pw-toast-host />
    <pw-update-prompt />
    <pw-sign-in-dialog />
  `,
})
export class App {
  protected readonly config = inject(ConfigStore);
  protected readonly i18n = inject(I18n);
}
