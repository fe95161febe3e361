import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { Viewport } from '../canvas/viewport';
import { I18n } from '../i18n/i18n';
import { Point } from '../canvas/view-transform';
import { Ticker } from '../shell/ticker';
import { Placement } from './placement';
import { PlaySession } from './play-session';

/** Why the Place button cannot be used right now (or null when it can). */
export type PlaceBlocker = 'not-playing' | 'no-colour' | 'no-pixel' | 'zoom' | 'cooldown' | 'busy' | null;

/** The confirm step of placing: one explicit button, never a bare tap. */
@Component({
  selector: 'pw-place-control',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'place' },
  template: `
    @if (blocker() === 'zoom') {
      <button type="button" class="button button--wide" data-action="zoom-to-place" (click)="zoomIn.emit()">{{ t('place.zoomIn') }}</button>
    } @else {
      <button
        type="button"
        class="button button--primary button--wide place__button"
        data-action="place"
        [disabled]="blocker() !== null"
        (click)="confirm.emit()"
      >
        @if (color(); as c) {
          <span class="place__swatch" [style.--swatch]="c" aria-hidden="true"></span>
        }
        {{ label() }}
      </button>
    }
  `,
})
export class PlaceControl {
  private readonly session = inject(PlaySession);
  private readonly placement = inject(Placement);
  private readonly viewport = inject(Viewport);
  private readonly now = inject(Ticker).use(250);
  protected readonly t = inject(I18n).t;

  readonly pixel = input<Point | null>(null);
  readonly color = input<string | null>(null);
  readonly minScale = input.required<number>();
  readonly confirm = output<void>();
  readonly zoomIn = output<void>();

  readonly blocker = computed<PlaceBlocker>(() => {
    if (this.session.phase() !== 'playing') return 'not-playing';
    if (this.placement.busy()) return 'busy';
    if (this.placement.waitMs(this.now()) > 0) return 'cooldown';
    if (this.color() === null) return 'no-colour';
    if (this.pixel() === null) return 'no-pixel';
    if (this.viewport.zoom() < this.minScale()) return 'zoom';
    return null;
  });

  protected readonly label = computed(() => {
    const p = this.pixel();
    const t = this.t;
    switch (this.blocker()) {
      case 'not-playing':
        return this.session.phase() === 'queued' ? t('place.waitingForSlot') : t('place.pressPlay');
      case 'busy':
        return t('place.placing');
      case 'cooldown':
        return t('place.wait', { count: Math.ceil(this.placement.waitMs(this.now()) / 1000) });
      case 'no-colour':
        return t('place.pickColour');
      case 'no-pixel':
        return t('place.pickPixel');
      default:
        // Coordinates are names of places, not amounts: no digit grouping.
        return p ? t('place.at', { x: String(p.x), y: String(p.y) }) : t('place.place');
    }
  });
}
