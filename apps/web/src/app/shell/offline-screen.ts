import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ConfigStore } from '../api/config.store';
import { I18n } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/language-switch';
import { Logo } from './logo';

/** First start without a connection and without any saved copy: nothing to show yet. */
@Component({
  selector: 'pw-offline-screen',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Logo, LanguageSwitch],
  host: { class: 'page offline-screen' },
  template: `
    <article class="page__card page__card--center">
      <pw-logo />
      <h1 class="page__title">{{ t('offline.title') }}</h1>
      <p>{{ t('offline.text') }}</p>
      <button type="button" class="button button--primary" [disabled]="trying()" (click)="retry()">
        {{ trying() ? t('offline.trying') : t('offline.retry') }}
      </button>
      <pw-language-switch />
    </article>
  `,
})
export class OfflineScreen {
  private readonly config = inject(ConfigStore);
  protected readonly t = inject(I18n).t;
  protected readonly trying = signal(false);

  protected async retry(): Promise<void> {
    this.trying.set(true);
    await this.config.load();
    this.trying.set(false);
  }
}
