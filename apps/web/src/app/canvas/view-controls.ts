import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { HeatmapToggle } from '../heatmap/heatmap-toggle';
import { I18n } from '../i18n/i18n';
import { Viewport } from './viewport';

/** Zoom, rotate and reset buttons (the keyboard and gestures do the same). */
@Component({
  selector: 'pw-view-controls',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HeatmapToggle],
  host: { class: 'view-controls', role: 'toolbar', '[attr.aria-label]': "t('view.toolbar')", 'aria-orientation': 'vertical' },
  template: `
    <button type="button" class="icon-button" (click)="viewport.zoomIn()" [attr.aria-label]="t('view.zoomIn')" [attr.title]="t('view.zoomInTitle')">
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5v14M5 12h14" /></svg>
    </button>
    <button type="button" class="icon-button" (click)="viewport.zoomOut()" [attr.aria-label]="t('view.zoomOut')" [attr.title]="t('view.zoomOutTitle')">
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 12h14" /></svg>
    </button>
    <button
      type="button"
      class="icon-button"
      data-action="rotate"
      (click)="viewport.rotateStep()"
      [attr.aria-label]="t('view.rotate')"
      [attr.title]="t('view.rotateTitle')"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M20 11a8 8 0 1 1-2.3-5.7M20 4v5h-5" /></svg>
    </button>
    <button type="button" class="icon-button" (click)="viewport.reset()" [attr.aria-label]="t('view.reset')" [attr.title]="t('view.resetTitle')">
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" /></svg>
    </button>
    <pw-heatmap-toggle />
  `,
})
export class ViewControls {
  protected readonly viewport = inject(Viewport);
  protected readonly t = inject(I18n).t;
}
