import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { friendlyMessage, toApiFailure } from '../api/api-error';
import { ConfigStore } from '../api/config.store';
import { I18n } from '../i18n/i18n';
import { ToastStore } from '../shell/toast.store';
import { TelegramMiniApp } from '../telegram/telegram-mini-app';
import { AuthStore } from './auth.store';
import { GoogleButton } from './google-button';

/**
 * The account menu's sign-in methods: which of Google and Telegram sign in to this account,
 * and a way to link the other (`POST /api/me/link/*`). Telegram can be linked only from
 * inside Telegram (its init data is the proof); Google's button loads only when asked for.
 */
@Component({
  selector: 'pw-account-links',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [GoogleButton],
  host: { class: 'account-links' },
  template: `
    <p class="account-links__title muted">{{ t('account.links.title') }}</p>
    @if (telegramOffered()) {
      <div class="account-links__row" data-provider="telegram">
        <span>{{ t('account.links.telegram') }}</span>
        @if (linked().telegram) {
          <span class="account-links__linked" data-testid="telegram-linked">✓ {{ t('account.links.linked') }}</span>
        } @else if (telegram.initData) {
          <button type="button" class="button button--small" data-action="link-telegram" [disabled]="busy()" (click)="linkTelegram()">
            {{ t('account.links.linkTelegram') }}
          </button>
        } @else {
          <span class="account-links__hint muted">{{ t('account.links.openInTelegram') }}</span>
        }
      </div>
    }
    @if (google(); as google) {
      <div class="account-links__row" data-provider="google">
        <span>{{ t('account.links.google') }}</span>
        @if (linked().google) {
          <span class="account-links__linked" data-testid="google-linked">✓ {{ t('account.links.linked') }}</span>
        } @else if (!showGoogle()) {
          <button type="button" class="button button--small" data-action="link-google" (click)="showGoogle.set(true)">
            {{ t('account.links.linkGoogle') }}
          </button>
        }
      </div>
      @if (showGoogle() && !linked().google) {
        <pw-google-button [clientId]="google.clientId" (credential)="linkGoogle($event)" />
      }
    }
  `,
})
export class AccountLinks {
  private readonly auth = inject(AuthStore);
  private readonly config = inject(ConfigStore);
  private readonly toasts = inject(ToastStore);
  protected readonly telegram = inject(TelegramMiniApp);
  protected readonly t = inject(I18n).t;
  protected readonly busy = signal(false);
  protected readonly showGoogle = signal(false);
  protected readonly linked = computed(() => this.auth.user()?.linked ?? { google: false, telegram: false });
  protected readonly telegramOffered = computed(() => Boolean(this.config.config()?.auth.telegram));
  protected readonly google = computed(() => this.config.config()?.auth.google ?? null);

  protected linkTelegram(): void {
    const initData = this.telegram.initData;
    if (initData) void this.link('telegram', initData, 'account.links.linkedTelegram');
  }

  protected linkGoogle(credential: string): void {
    void this.link('google', credential, 'account.links.linkedGoogle');
  }

  private async link(kind: 'google' | 'telegram', proof: string, done: 'account.links.linkedTelegram' | 'account.links.linkedGoogle'): Promise<void> {
    this.busy.set(true);
    try {
      await this.auth.link(kind, proof);
      this.showGoogle.set(false);
      this.toasts.show(this.t(done), 'success');
    } catch (error) {
      this.toasts.show(friendlyMessage(toApiFailure(error), this.t), 'error');
    } finally {
      this.busy.set(false);
    }
  }
}
