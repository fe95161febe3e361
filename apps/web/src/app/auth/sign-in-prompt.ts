import { Injectable, signal } from '@angular/core';

/** Opens and closes the sign-in dialog from anywhere (top bar, call to action). */
@Injectable({ providedIn: 'root' })
export class SignInPrompt {
  private readonly state = signal(false);
  readonly isOpen = this.state.asReadonly();

  open(): void {
    this.state.set(true);
  }

  close(): void {
    this.state.set(false);
  }
}
