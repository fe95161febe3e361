import { DOCUMENT, Injectable, inject, signal } from '@angular/core';

/** Whether the browser believes it is online, kept current by the online/offline events. */
@Injectable({ providedIn: 'root' })
export class Connectivity {
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly state = signal(this.window?.navigator.onLine ?? true);
  readonly online = this.state.asReadonly();

  constructor() {
    this.window?.addEventListener('online', () => this.state.set(true));
    this.window?.addEventListener('offline', () => this.state.set(false));
  }

  /** A request just failed with status 0 or succeeded: a better hint than navigator.onLine. */
  report(reachable: boolean): void {
    this.state.set(reachable);
  }
}
