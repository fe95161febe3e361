import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, output } from '@angular/core';
import { Viewport } from '../canvas/viewport';
import { I18n } from '../i18n/i18n';
import { Point } from '../canvas/view-transform';
import { Ticker } from '../shell/ticker';
import { TelegramMiniApp } from '../telegram/telegram-mini-app';
import { Placement } from './placement';
import { PlaySession } from './play-session';

/** Why the Place button cannot be used right now (or null when it can). */
export type PlaceBlocker = 'not-playing' | 'no-colour' | 'no-pixel' | 'zoom' | 'cooldown' | 'busy' | null;

/** Phones use Telegram's MainButton for Place inside the Mini App; wider screens keep the page's own. */
const PHONE_QUERY = '(max-width: 720px)';

/**
 * The confirm step of placing: one explicit button, never a bare tap. In the Telegram Mini
 * App on a phone that button is Telegram's MainButton (same text, same rules).
 */
@Component({
  selector: 'pw-place-control',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'place' },
  template: `
    @if (usesMainButton()) {
    } @else if (blocker() === 'zoom') {
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
  private readonly telegram = inject(TelegramMiniApp);
  private readonly phone = inject(DOCUMENT).defaultView?.matchMedia?.(PHONE_QUERY).matches ?? false;
  protected readonly usesMainButton = computed(() => this.telegram.active() && this.phone);

  readonly pixel = input<Point | null>(null);
  readonly color = input<string | null>(null);
  readonly minScale = input.required<number>();
  readonly confirm = output<void>();
  readonly zoomIn = output<void>();

  readonly blocker = computed<PlaceBlocker>(() => {
    if (this.session.phase() !== 'playing') return 'not-playing';
    if (this.placement.busy()) return 'busy';
    if (this.placement.cooldownUntil() > this.now()) return 'cooldown';
    if (this.color() === null) return 'no-colour';
    if (this.pixel() === null) return 'no-pixel';
    if (this.viewport.zoom() < this.minScale()) return 'zoom';
    return null;
  });

  constructor() {
    effect(() => {
      if (!this.usesMainButton()) return;
      const zoom = this.blocker() === 'zoom';
      this.telegram.mainButton({
        text: zoom ? this.t('place.zoomIn') : this.label(),
        enabled: zoom || this.blocker() === null,
        action: () => (zoom ? this.zoomIn.emit() : this.confirm.emit()),
      });
    });
    inject(DestroyRef).onDestroy(() => this.telegram.mainButton(null));
  }

  protected readonly label = computed(() => {
    const p = this.pixel();
    const t = this.t;
    switch (this.blocker()) {
      case 'not-playing':
        return this.session.phase() === 'queued' ? t('place.waitingForSlot') : t('place.pressPlay');
      case 'busy':
        return t('place.placing');
      case 'cooldown':
        return t('place.wait', { count: Math.ceil((this.placement.cooldownUntil() - this.now()) / 1000) });
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
