import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, effect, inject, input, output, signal, viewChild } from '@angular/core';
import { I18n } from '../i18n/i18n';
import { GoogleAccountsId, GoogleIdentity } from './google-identity';

/** The official "Sign in with Google" button; emits the ID token credential. */
@Component({
  selector: 'pw-google-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div #slot class="google-button"></div>
    @if (failed()) {
      <p class="form-note">{{ i18n.t('signIn.googleUnavailable') }}</p>
    }
  `,
})
export class GoogleButton {
  private readonly identity = inject(GoogleIdentity);
  protected readonly i18n = inject(I18n);
  private readonly google = signal<GoogleAccountsId | null>(null);
  private readonly slot = viewChild.required<ElementRef<HTMLElement>>('slot');
  readonly clientId = input.required<string>();
  readonly credential = output<string>();
  protected readonly failed = signal(false);

  constructor() {
    afterNextRender(() => {
      this.identity.load().then(
        (google) => {
          google.initialize({
            client_id: this.clientId(),
            callback: (response) => this.credential.emit(response.credential),
            itp_support: true,
          });
          this.google.set(google);
        },
        () => this.failed.set(true),
      );
    });
    // Google words its own button: render it (again) in the player's language.
    effect(() => {
      const google = this.google();
      const locale = this.i18n.locale();
      if (!google) return;
      const slot = this.slot().nativeElement;
      slot.replaceChildren();
      const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
      google.renderButton(slot, {
        type: 'standard',
        theme: dark ? 'filled_black' : 'outline',
        size: 'large',
        text: 'signin_with',
        shape: 'pill',
        width: 280,
        locale,
      });
    });
  }
}
