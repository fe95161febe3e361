import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, signal, viewChild } from '@angular/core';
import type { AltchaChallenge } from '@pixel-wars/protocol';
import { firstValueFrom } from 'rxjs';
import { friendlyMessage, toApiFailure } from '../api/api-error';
import { ConfigStore } from '../api/config.store';
import { ChallengeSolver } from '../captcha/challenge-solver';
import { MessageKey } from '../i18n/catalogue';
import { I18n } from '../i18n/i18n';
import { PlaySession } from '../play/play-session';
import { AuthStore } from './auth.store';
import { DevLoginForm } from './dev-login-form';
import { GoogleButton } from './google-button';
import { SignInPrompt } from './sign-in-prompt';

/** The sign-in dialog: Google (button + redirect link) and/or the development form. */
@Component({
  selector: 'pw-sign-in-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [GoogleButton, DevLoginForm],
  template: `
    <!-- eslint-disable-next-line @angular-eslint/template/click-events-have-key-events, @angular-eslint/template/interactive-supports-focus -- a click on the backdrop closes; the keyboard has Escape and the close button -->
    <dialog #dialog class="dialog" aria-labelledby="sign-in-title" (close)="prompt.close()" (click)="onBackdrop($event)">
      <div class="dialog__panel">
        <header class="dialog__header">
          <h2 id="sign-in-title" class="dialog__title">{{ t('signIn.title') }}</h2>
          <button type="button" class="icon-button icon-button--flat" (click)="prompt.close()" [attr.aria-label]="t('signIn.close')">
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" /></svg>
          </button>
        </header>
        <p class="dialog__text">{{ t('signIn.intro') }}</p>
        @if (google(); as google) {
          <pw-google-button [clientId]="google.clientId" (credential)="withGoogle($event)" />
          <a class="button button--wide" href="/api/auth/google/start" (click)="googleRedirect($event)">{{ t('signIn.google') }}</a>
        }
        @if (dev()) {
          @if (google()) {
            <p class="dialog__or">
              <span>{{ t('signIn.or') }}</span>
            </p>
          }
          <pw-dev-login-form [busy]="busy()" (signIn)="withName($event)" />
        }
        @if (!google() && !dev()) {
          <p class="form-note">{{ t('signIn.unavailable') }}</p>
        }
        @if (error()) {
          <p class="form__error" role="alert">{{ error() }}</p>
        }
      </div>
    </dialog>
  `,
})
export class SignInDialog {
  protected readonly prompt = inject(SignInPrompt);
  protected readonly auth = inject(AuthStore);
  private readonly config = inject(ConfigStore);
  protected readonly t = inject(I18n).t;
  private readonly session = inject(PlaySession);
  private readonly http = inject(HttpClient);
  private readonly solver = inject(ChallengeSolver);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  protected readonly google = computed(() => this.config.config()?.auth.google ?? null);
  protected readonly dev = computed(() => this.config.config()?.auth.dev ?? false);
  protected readonly error = signal('');
  protected readonly busy = signal(false);

  constructor() {
    effect(() => {
      const dialog = this.dialog().nativeElement;
      if (this.prompt.isOpen() && !dialog.open) {
        this.error.set('');
        dialog.showModal?.();
      } else if (!this.prompt.isOpen() && dialog.open) {
        dialog.close();
      }
    });
  }

  protected withGoogle(credential: string): void {
    void this.run(() => this.auth.signInWithGoogle(credential));
  }

  protected withName(name: string): void {
    void this.run(() => this.auth.signInDev(name), 'signIn.nameInvalid');
  }

  /**
   * The redirect flow is a navigation (no header): with CAPTCHA=pow the solution rides in
   * `?altcha=`, solved in the background before leaving.
   */
  protected googleRedirect(event: MouseEvent): void {
    this.auth.expectRedirectSignIn();
    if (this.config.config()?.captcha !== 'pow') return;
    event.preventDefault();
    void this.run(async () => {
      const challenge = await firstValueFrom(this.http.get<AltchaChallenge>('/api/captcha/challenge'));
      const altcha = await this.solver.solve(challenge);
      location.assign(`/api/auth/google/start?altcha=${encodeURIComponent(altcha)}`);
    });
  }

  protected onBackdrop(event: MouseEvent): void {
    if (event.target === this.dialog().nativeElement) this.prompt.close();
  }

  /** `badRequest`: what a 400 BAD_REQUEST means for this way of signing in. */
  private async run(signIn: () => Promise<void>, badRequest?: MessageKey): Promise<void> {
    if (this.busy()) return;
    this.error.set('');
    this.busy.set(true);
    try {
      await signIn();
      this.prompt.close();
      await this.session.resumeIfActive();
    } catch (error) {
      const failure = toApiFailure(error);
      this.error.set(failure.code === 'BAD_REQUEST' && badRequest ? this.t(badRequest) : friendlyMessage(failure, this.t));
    } finally {
      this.busy.set(false);
    }
  }
}
