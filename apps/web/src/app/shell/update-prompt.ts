import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, inject, signal } from '@angular/core';
import { SwUpdate, VersionReadyEvent } from '@angular/service-worker';
import { filter } from 'rxjs';
import { I18n } from '../i18n/i18n';

const CHECK_EVERY_MS = 30 * 60_000;
const RECHECK_ON_RETURN_MS = 5 * 60_000;

/** "A new version is ready" once the service worker has downloaded a new deployment. */
@Component({
  selector: 'pw-update-prompt',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (ready()) {
      <div class="update" role="status" aria-live="polite" animate.enter="slide-in">
        <p id="update-text" class="update__text">{{ broken() ? t('update.broken') : t('update.ready') }}</p>
        <button type="button" class="button button--primary button--small" (click)="reload()">{{ t('update.reload') }}</button>
        @if (!broken()) {
          <button type="button" class="button button--quiet button--small" (click)="ready.set(false)">{{ t('update.later') }}</button>
        }
      </div>
    }
  `,
})
export class UpdatePrompt {
  private readonly updates = inject(SwUpdate);
  protected readonly t = inject(I18n).t;
  private readonly doc = inject(DOCUMENT);
  protected readonly ready = signal(false);
  protected readonly broken = signal(false);

  constructor() {
    if (!this.updates.isEnabled) return;
    const subscriptions = [
      this.updates.versionUpdates.pipe(filter((e): e is VersionReadyEvent => e.type === 'VERSION_READY')).subscribe(() => this.ready.set(true)),
      this.updates.unrecoverable.subscribe(() => {
        this.broken.set(true);
        this.ready.set(true);
      }),
    ];
    let lastCheck = Date.now();
    const check = (minGapMs: number) => {
      if (this.doc.visibilityState !== 'visible' || Date.now() - lastCheck < minGapMs) return;
      lastCheck = Date.now();
      void this.updates.checkForUpdate().catch(() => undefined);
    };
    const timer = setInterval(() => check(0), CHECK_EVERY_MS);
    // Coming back to the tab after a while is a good moment to look for a new version.
    const onVisible = () => check(RECHECK_ON_RETURN_MS);
    this.doc.addEventListener('visibilitychange', onVisible);
    inject(DestroyRef).onDestroy(() => {
      subscriptions.forEach((s) => s.unsubscribe());
      clearInterval(timer);
      this.doc.removeEventListener('visibilitychange', onVisible);
    });
  }

  protected async reload(): Promise<void> {
    try {
      if (!this.broken()) await this.updates.activateUpdate();
    } finally {
      this.doc.location.reload();
    }
  }
}
