import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Viewport } from './viewport';

/** Coordinates under the pointer (or of the selection) and the zoom level. */
@Component({
  selector: 'pw-coords-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'chip coords' },
  template: `
    <span class="coords__xy" data-testid="coords">{{ where() }}</span>
    <span class="coords__zoom" aria-label="Zoom">{{ zoom() }}</span>
  `,
})
export class CoordsChip {
  private readonly viewport = inject(Viewport);
  protected readonly where = computed(() => {
    const p = this.viewport.hover() ?? this.viewport.selected();
    return p ? `${p.x}, ${p.y}` : '—';
  });
  protected readonly zoom = computed(() => {
    const s = this.viewport.zoom();
    return s >= 10 ? `${Math.round(s)}×` : `${s.toFixed(s >= 1 ? 1 : 2)}×`;
  });
}
