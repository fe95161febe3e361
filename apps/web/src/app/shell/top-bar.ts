import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { AccountMenu } from './account-menu';
import { Logo } from './logo';

@Component({
  selector: 'pw-top-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, Logo, AccountMenu],
  host: { class: 'top-bar' },
  template: `
    <a routerLink="/" class="top-bar__home" aria-label="Pixel Wars, back to the canvas"><pw-logo /></a>
    <nav class="top-bar__nav" aria-label="Main">
      <a routerLink="/" routerLinkActive="is-active" [routerLinkActiveOptions]="{ exact: true }" ariaCurrentWhenActive="page">Canvas</a>
      <a routerLink="/history" routerLinkActive="is-active" ariaCurrentWhenActive="page">History</a>
      <a routerLink="/feedback" routerLinkActive="is-active" ariaCurrentWhenActive="page">Feedback</a>
    </nav>
    <pw-account-menu />
  `,
})
export class TopBar {}
