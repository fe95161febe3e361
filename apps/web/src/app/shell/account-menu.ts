import { ChangeDetectionStrategy, Component, ElementRef, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AccountLinks } from '../auth/account-links';
import { AuthStore } from '../auth/auth.store';
import { SignInPrompt } from '../auth/sign-in-prompt';
import { I18n } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { MyStanding } from '../leaderboard/my-standing';
import { PlaySession } from '../play/play-session';
import { ToastStore } from './toast.store';

/** Sign-in button, or the player's badge with a small menu (name, email, language, linked sign-ins, sign out). */
@Component({
  selector: 'pw-account-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LanguageSwitch, RouterLink, AccountLinks],
  host: { class: 'account' },
  template: `
    @switch (auth.state()) {
      @case ('signed-in') {
        <button type="button" class="account__badge" popovertarget="account-menu" aria-haspopup="menu" [attr.aria-label]="t('account.label', { name: name() })">
          <span class="account__initial" aria-hidden="true">{{ initial() }}</span>
          <span class="account__name" data-testid="user-name">{{ name() }}</span>
        </button>
        <div id="account-menu" class="account__menu" popover role="menu" (toggle)="onToggle($event)">
          <p class="account__who">
            <strong>{{ name() }}</strong>
            @if (auth.user()?.email; as email) {
              <span class="muted">{{ email }}</span>
            }
          </p>
          <a routerLink="/leaderboard" class="account__standing" role="menuitem" data-testid="my-standing" (click)="close()">
            <span>{{ standing() }}</span>
            <span class="muted">{{ t('account.leaderboard') }} →</span>
          </a>
          <pw-language-switch class="account__language" />
          <a class="button button--wide" role="menuitem" routerLink="/t" data-action="templates" (click)="close()">{{ t('account.templates') }}</a>
          <pw-account-links />
          <button
            type="button"
            class="button button--wide"
            role="menuitem"
            data-action="sign-out"
            popovertarget="account-menu"
            popovertargetaction="hide"
            (click)="signOut()"
          >
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
  private readonly standingClient = inject(MyStanding);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  /** "This game: N pixels, rank R" (refreshed each time the menu opens). */
  protected readonly standing = computed(() => {
    const me = this.standingClient.game();
    if (!me || me.rank === null) return this.t('account.standingNone');
    return this.t('account.standing', { count: me.pixels, rank: me.rank });
  });

  protected onToggle(event: Event): void {
    if ((event as ToggleEvent).newState === 'open') void this.standingClient.load('game');
  }

  protected close(): void {
    this.host.nativeElement.querySelector<HTMLElement>('#account-menu')?.hidePopover?.();
  }

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
