import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { I18n } from '../i18n/i18n';

const NAME_MIN = 2;

/** Development sign-in (`POST /api/auth/dev {name}`), offered only when the server enables it. */
@Component({
  selector: 'pw-dev-login-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="form dev-login" (submit)="submit($event)" novalidate>
      <label class="form__label" for="dev-name"
        >{{ t('signIn.devName') }} <span class="form__hint">{{ t('signIn.devHint') }}</span></label
      >
      <div class="form__inline">
        <input
          id="dev-name"
          name="name"
          class="input"
          autocomplete="nickname"
          maxlength="32"
          required
          [value]="name()"
          (input)="name.set($any($event.target).value)"
          [attr.aria-invalid]="error() ? true : null"
          aria-describedby="dev-name-error"
        />
        <button type="submit" class="button button--primary" data-action="dev-sign-in" [disabled]="busy()">{{ t('signIn.submit') }}</button>
      </div>
      <p id="dev-name-error" class="form__error" role="alert">{{ error() }}</p>
    </form>
  `,
})
export class DevLoginForm {
  protected readonly t = inject(I18n).t;
  readonly busy = input(false);
  readonly signIn = output<string>();
  protected readonly name = signal('');
  protected readonly error = signal('');

  protected submit(event: Event): void {
    event.preventDefault();
    const name = this.name().trim();
    if (name.length < NAME_MIN) {
      this.error.set(this.t('signIn.nameTooShort', { count: NAME_MIN }));
      return;
    }
    this.error.set('');
    this.signIn.emit(name);
  }
}
