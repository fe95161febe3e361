import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AuthStore } from '../auth/auth.store';
import { SignInPrompt } from '../auth/sign-in-prompt';
import { PlaySession } from '../play/play-session';
import { ToastStore } from './toast.store';

/** Sign-in button, or the player's badge with a small menu (name, email, sign out). */
@Component({
  selector: 'pw-account-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'account' },
  template: `
    @switch (auth.state()) {
      @case ('signed-in') {
        <button type="button" class="account__badge" popovertarget="account-menu" aria-haspopup="menu" [attr.aria-label]="'Account: ' + name()">
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
          <button type="button" class="button button--wide" role="menuitem" popovertarget="account-menu" popovertargetaction="hide" (click)="signOut()">
            Sign out
          </button>
        </div>
      }
      @case ('signed-out') {
        <button type="button" class="button button--small" (click)="signIn.open()">Sign in</button>
      }
    }
  `,
})
export class AccountMenu {
  protected readonly auth = inject(AuthStore);
  protected readonly signIn = inject(SignInPrompt);
  private readonly session = inject(PlaySession);
  private readonly toasts = inject(ToastStore);
  protected readonly name = computed(() => this.auth.user()?.name ?? '');
  protected readonly initial = computed(() => (this.name().trim()[0] ?? '?').toUpperCase());

  protected async signOut(): Promise<void> {
    this.session.leave();
    try {
      await this.auth.signOut();
      this.toasts.show('Signed out. See you soon!', 'success');
    } catch {
      this.toasts.show('Signed out on this device.', 'info');
    }
  }
}
