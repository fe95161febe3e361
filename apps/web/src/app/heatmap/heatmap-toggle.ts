import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { I18n } from '../i18n/i18n';
import { HeatmapStore } from './heatmap.store';

/** The heatmap button of the view controls: off → last hour → last day → off. */
@Component({
  selector: 'pw-heatmap-toggle',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'heatmap-toggle' },
  template: `
    <button
      type="button"
      class="icon-button"
      data-action="heatmap"
      [class.icon-button--on]="store.window() !== null"
      [attr.data-window]="store.window() ?? 'off'"
      [attr.aria-pressed]="store.window() !== null"
      [attr.aria-label]="label()"
      [attr.title]="label()"
      (click)="store.cycle()"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3c1 4 5 6 5 11a5 5 0 0 1-10 0c0-3 2-4 2-7 2 1 3 3 3 5 1-1 1-3 0-9z" /></svg>
    </button>
  `,
})
export class HeatmapToggle {
  protected readonly store = inject(HeatmapStore);
  private readonly t = inject(I18n).t;
  protected readonly label = computed(() => {
    switch (this.store.window()) {
      case 'hour':
        return this.t('heatmap.showingHour');
      case 'day':
        return this.t('heatmap.showingDay');
      default:
        return this.t('heatmap.show');
    }
  });
}
