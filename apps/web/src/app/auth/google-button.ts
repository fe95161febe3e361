import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, inject, input, output, signal, viewChild } from '@angular/core';
import { GoogleIdentity } from './google-identity';

/** The official "Sign in with Google" button; emits the ID token credential. */
@Component({
  selector: 'pw-google-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div #slot class="google-button"></div>
    @if (failed()) {
      <p class="form-note">Google sign-in could not load here. Use the link below instead.</p>
    }
  `,
})
export class GoogleButton {
  private readonly identity = inject(GoogleIdentity);
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
          const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
          google.renderButton(this.slot().nativeElement, {
            type: 'standard',
            theme: dark ? 'filled_black' : 'outline',
            size: 'large',
            text: 'signin_with',
            shape: 'pill',
            width: 280,
          });
        },
        () => this.failed.set(true),
      );
    });
  }
}
