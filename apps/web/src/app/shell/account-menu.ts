import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AccountLinks } from '../auth/account-links';
import { AuthStore } from '../auth/auth.store';
import { SignInPrompt } from '../auth/sign-in-prompt';
import { I18n } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { PlaySession } from '../play/play-session';
import { ToastStore } from './toast.store';

/** Sign-in button, or the player's badge with a small menu (name, email, language, linked sign-ins, sign out). */
@Component({
  selector: 'pw-account-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LanguageSwitch, AccountLinks],
  host: { class: 'account' },
  template: `
    @switch (auth.state()) {
      @case ('signed-in') {
        <button type="button" class="account__badge" popovertarget="account-menu" aria-haspopup="menu" [attr.aria-label]="t('account.label', { name: name() })">
          <span class="account__initial" aria-hidden="true">{{ initial() }}</span>
          <span class="account__name" data-testid="user-name">{{ name() }}</span>
        </button>
        <div id="account-menu" class="account__menu" popover role="menu">
          <p class="account__who">
            <strong>{{ name() }}</strong>
            @if (auth.user()?.email; as email) {
              <span class="muted">{{ email }}</span>
            }
          </p>
          <pw-language-switch class="account__language" />
          <pw-account-links />
          <button type="button" class="button button--wide" role="menuitem" data-action="sign-out" popovertarget="account-menu" popovertargetaction="hide" (click)="signOut()">
            {{ t('account.signOut') }}
          </button>
        </div>
      }
      @case ('signed-out') {
        <button type="button" class="button button--small" data-action="open-sign-in" (click)="signIn.open()">{{ t('account.signIn') }}</button>
      }
    }
  `,
})
export class AccountMenu {
  protected readonly auth = inject(AuthStore);
  protected readonly signIn = inject(SignInPrompt);
  protected readonly t = inject(I18n).t;
  private readonly session = inject(PlaySession);
  private readonly toasts = inject(ToastStore);
  protected readonly name = computed(() => this.auth.user()?.name ?? '');
  protected readonly initial = computed(() => (this.name().trim()[0] ?? '?').toUpperCase());

  protected async signOut(): Promise<void> {
    this.session.leave();
    try {
      await this.auth.signOut();
      this.toasts.show(this.t('account.signedOut'), 'success');
    } catch {
      this.toasts.show(this.t('account.signedOutLocally'), 'info');
    }
  }
}
