import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Viewport } from './viewport';

/** Zoom, rotate and reset buttons (the keyboard and gestures do the same). */
@Component({
  selector: 'pw-view-controls',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'view-controls', role: 'toolbar', 'aria-label': 'View', 'aria-orientation': 'vertical' },
  template: `
    <button type="button" class="icon-button" (click)="viewport.zoomIn()" aria-label="Zoom in" title="Zoom in (+)">
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5v14M5 12h14" /></svg>
    </button>
    <button type="button" class="icon-button" (click)="viewport.zoomOut()" aria-label="Zoom out" title="Zoom out (−)">
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 12h14" /></svg>
    </button>
    <button type="button" class="icon-button" (click)="viewport.rotateStep()" aria-label="Rotate a quarter turn" title="Rotate (R)">
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M20 11a8 8 0 1 1-2.3-5.7M20 4v5h-5" /></svg>
    </button>
    <button
      type="button"
      class="icon-button"
      (click)="viewport.reset()"
      aria-label="Reset the view"
      title="Reset view (0)"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" /></svg>
    </button>
  `,
})
export class ViewControls {
  protected readonly viewport = inject(Viewport);
}
