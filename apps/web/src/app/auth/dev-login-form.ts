import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';

/** Development sign-in (`POST /api/auth/dev {name}`), offered only when the server enables it. */
@Component({
  selector: 'pw-dev-login-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="form dev-login" (submit)="submit($event)" novalidate>
      <label class="form__label" for="dev-name">Player name <span class="form__hint">(development sign-in)</span></label>
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
        <button type="submit" class="button button--primary" [disabled]="busy()">Sign in</button>
      </div>
      <p id="dev-name-error" class="form__error" role="alert">{{ error() }}</p>
    </form>
  `,
})
export class DevLoginForm {
  readonly busy = input(false);
  readonly signIn = output<string>();
  protected readonly name = signal('');
  protected readonly error = signal('');

  protected submit(event: Event): void {
    event.preventDefault();
    const name = this.name().trim();
    if (name.length < 2) {
      this.error.set('Choose a name of at least 2 characters.');
      return;
    }
    this.error.set('');
    this.signIn.emit(name);
  }
}
