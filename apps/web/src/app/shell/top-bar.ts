import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { I18n } from '../i18n/i18n';
import { AccountMenu } from './account-menu';
import { Logo } from './logo';

@Component({
  selector: 'pw-top-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, Logo, AccountMenu],
  host: { class: 'top-bar' },
  template: `
    <a routerLink="/" class="top-bar__home" [attr.aria-label]="t('nav.home')"><pw-logo /></a>
    <nav class="top-bar__nav" [attr.aria-label]="t('nav.main')">
      <a routerLink="/" routerLinkActive="is-active" [routerLinkActiveOptions]="{ exact: true }" ariaCurrentWhenActive="page" data-nav="canvas">{{
        t('nav.canvas')
      }}</a>
      <a routerLink="/leaderboard" routerLinkActive="is-active" ariaCurrentWhenActive="page" data-nav="leaderboard">{{ t('nav.leaderboard') }}</a>
      <a routerLink="/history" routerLinkActive="is-active" ariaCurrentWhenActive="page" data-nav="history">{{ t('nav.history') }}</a>
      <a routerLink="/feedback" routerLinkActive="is-active" ariaCurrentWhenActive="page" data-nav="feedback">{{ t('nav.feedback') }}</a>
    </nav>
    <pw-account-menu />
  `,
})
export class TopBar {
  protected readonly t = inject(I18n).t;
}
