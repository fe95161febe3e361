import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ConfigStore } from '../api/config.store';
import { Logo } from './logo';

/** First start without a connection and without any saved copy: nothing to show yet. */
@Component({
  selector: 'pw-offline-screen',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Logo],
  host: { class: 'page offline-screen' },
  template: `
    <article class="page__card page__card--center">
      <pw-logo />
      <h1 class="page__title">You are offline</h1>
      <p>Pixel Wars needs a connection the first time. Once you have seen the canvas, it stays available offline.</p>
      <button type="button" class="button button--primary" [disabled]="trying()" (click)="retry()">{{ trying() ? 'Trying…' : 'Try again' }}</button>
    </article>
  `,
})
export class OfflineScreen {
  private readonly config = inject(ConfigStore);
  protected readonly trying = signal(false);

  protected async retry(): Promise<void> {
    this.trying.set(true);
    await this.config.load();
    this.trying.set(false);
  }
}
