import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { CanvasStore } from '../canvas/canvas-store';
import { I18n } from '../i18n/i18n';
import { Connectivity } from './connectivity';

/** Shown while the server is out of reach: the canvas on screen is the last one seen. */
@Component({
  selector: 'pw-offline-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (visible()) {
      <p class="chip chip--warning offline" role="status" animate.enter="fade-in">
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M2 8.5a15 15 0 0 1 20 0M5 12a10 10 0 0 1 14 0M8.5 15.5a5 5 0 0 1 7 0M12 19h.01M3 3l18 18" /></svg>
        {{ since() }}
      </p>
    }
  `,
})
export class OfflineBanner {
  private readonly connectivity = inject(Connectivity);
  private readonly store = inject(CanvasStore);
  private readonly i18n = inject(I18n);
  protected readonly visible = computed(() => !this.connectivity.online());
  protected readonly since = computed(() => {
    const at = this.store.cachedAt();
    return at ? this.i18n.t('offline.bannerSince', { time: this.i18n.relativeTime(at) }) : this.i18n.t('offline.bannerLast');
  });
}
