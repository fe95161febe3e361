import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { I18n } from '../i18n/i18n';
import { Viewport } from './viewport';

/** Coordinates under the pointer (or of the selection) and the zoom level. */
@Component({
  selector: 'pw-coords-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'chip coords' },
  template: `
    <span class="coords__xy" data-testid="coords">{{ where() }}</span>
    <span class="coords__zoom" [attr.aria-label]="i18n.t('canvas.zoom')">{{ zoom() }}</span>
  `,
})
export class CoordsChip {
  private readonly viewport = inject(Viewport);
  protected readonly i18n = inject(I18n);
  protected readonly where = computed(() => {
    const p = this.viewport.hover() ?? this.viewport.selected();
    return p ? `${p.x}, ${p.y}` : '—';
  });
  protected readonly zoom = computed(() => {
    const s = this.viewport.zoom();
    const digits = s >= 10 ? 0 : s >= 1 ? 1 : 2;
    return `${this.i18n.number(s, { minimumFractionDigits: digits, maximumFractionDigits: digits })}×`;
  });
}
