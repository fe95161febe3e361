import { DestroyRef, Injectable, Signal, inject, signal } from '@angular/core';

/**
 * A shared "now" for countdowns. It only ticks while at least one view holds it
 * (`use()` ties the subscription to the caller's DestroyRef).
 */
@Injectable({ providedIn: 'root' })
export class Ticker {
  private readonly now = signal(Date.now());
  private users = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  use(periodMs = 250): Signal<number> {
    const destroyRef = inject(DestroyRef);
    this.users++;
    if (!this.timer) this.timer = setInterval(() => this.now.set(Date.now()), periodMs);
    destroyRef.onDestroy(() => {
      this.users--;
      if (this.users === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    });
    return this.now.asReadonly();
  }
}
