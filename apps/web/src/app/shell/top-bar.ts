import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { AuthStore } from '../auth/auth.store';
import { SignInPrompt } from '../auth/sign-in-prompt';
import { PlaySession } from '../play/play-session';
import { ToastStore } from './toast.store';
import { Logo } from './logo';

@Component({
  selector: 'pw-top-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, Logo],
  host: { class: 'top-bar' },
  template: `
    <a routerLink="/" class="top-bar__home" aria-label="Pixel Wars, back to the canvas"><pw-logo /></a>
    <nav class="top-bar__nav" aria-label="Main">
      <a routerLink="/" routerLinkActive="is-active" [routerLinkActiveOptions]="{ exact: true }" ariaCurrentWhenActive="page">Canvas</a>
      <a routerLink="/history" routerLinkActive="is-active" ariaCurrentWhenActive="page">History</a>
      <a routerLink="/feedback" routerLinkActive="is-active" ariaCurrentWhenActive="page">Feedback</a>
    </nav>
    <div class="top-bar__account">
      @switch (auth.state()) {
        @case ('signed-in') {
          <span class="top-bar__user" data-testid="user-name" [attr.title]="auth.user()?.email">{{ auth.user()?.name }}</span>
          <button type="button" class="button button--quiet button--small" (click)="signOut()">Sign out</button>
        }
        @case ('signed-out') {
          <button type="button" class="button button--small" (click)="signIn.open()">Sign in</button>
        }
      }
    </div>
  `,
})
export class TopBar {
  protected readonly auth = inject(AuthStore);
  protected readonly signIn = inject(SignInPrompt);
  private readonly session = inject(PlaySession);
  private readonly toasts = inject(ToastStore);

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
