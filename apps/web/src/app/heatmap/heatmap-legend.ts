import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18n } from '../i18n/i18n';
import { HeatmapStore } from './heatmap.store';

/** A chip over the canvas while the heatmap shows: which window, and the ramp from few to many. */
@Component({
  selector: 'pw-heatmap-legend',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.window(); as window) {
      <p class="chip heatmap-legend" data-testid="heatmap-legend" role="status">
        {{ window === 'hour' ? t('heatmap.legendHour') : t('heatmap.legendDay') }}
        <span class="heatmap-legend__ramp" aria-hidden="true"></span>
      </p>
    }
  `,
})
export class HeatmapLegend {
  protected readonly store = inject(HeatmapStore);
  protected readonly t = inject(I18n).t;
}
