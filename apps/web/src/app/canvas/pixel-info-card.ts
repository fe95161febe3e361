import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { PixelInfo } from '@pixel-wars/protocol';
import { ConfigStore } from '../api/config.store';
import { I18n } from '../i18n/i18n';
import { CanvasStore } from './canvas-store';
import { describeColor } from './color-names';
import { PixelInfoClient } from './pixel-info.service';
import { Point } from './view-transform';

type Lookup = { state: 'loading' } | { state: 'done'; info: PixelInfo } | { state: 'failed' };

/** The selected pixel: where it is, its colour, who placed it and when; share and close. */
@Component({
  selector: 'pw-pixel-info-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'pixel-card' },
  template: `
    <span class="pixel-card__swatch" [style.--swatch]="hex()" aria-hidden="true"></span>
    <div class="pixel-card__text">
      <p class="pixel-card__coords">
        <span class="visually-hidden">{{ t('pixel.selected') }}</span>
        ({{ pixel().x }}, {{ pixel().y }})
        <span class="pixel-card__color">{{ colorName() }}</span>
      </p>
      <p class="pixel-card__who" data-testid="pixel-owner">
        @switch (lookup().state) {
          @case ('loading') {
            <span class="skeleton" [attr.aria-label]="t('pixel.loadingOwner')"></span>
          }
          @case ('failed') {
            <span class="muted">{{ t('pixel.ownerUnknown') }}</span>
          }
          @case ('done') {
            @if (placedBy(); as line) {
              {{ line.before }}<strong>{{ line.value }}</strong
              >{{ line.after }}
            } @else {
              <span class="muted">{{ t('pixel.neverPainted') }}</span>
            }
          }
        }
      </p>
    </div>
    <button
      type="button"
      class="icon-button icon-button--flat"
      (click)="share.emit()"
      [attr.aria-label]="t('pixel.share')"
      [attr.title]="t('pixel.shareTitle')"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
      </svg>
    </button>
    <button type="button" class="icon-button icon-button--flat" (click)="closed.emit()" [attr.aria-label]="t('pixel.deselect')" [attr.title]="t('pixel.close')">
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" /></svg>
    </button>
  `,
})
export class PixelInfoCard {
  private readonly client = inject(PixelInfoClient);
  private readonly store = inject(CanvasStore);
  private readonly config = inject(ConfigStore);
  private readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  readonly pixel = input.required<Point>();
  readonly closed = output<void>();
  readonly share = output<void>();

  protected readonly lookup = signal<Lookup>({ state: 'loading' });
  /** Colour index as our bitmap shows it now (tracks the live version). */
  private readonly color = computed(() => {
    this.store.version();
    const p = this.pixel();
    return this.store.colorAt(p.x, p.y);
  });
  protected readonly hex = computed(() => {
    const c = this.color();
    return c === null ? 'transparent' : (this.config.palette()[c] ?? 'transparent');
  });
  protected readonly colorName = computed(() => (this.hex() === 'transparent' ? '' : describeColor(this.hex(), this.t)));
  protected readonly owner = computed(() => {
    const l = this.lookup();
    return l.state === 'done' ? l.info.user : null;
  });
  /** "Placed by <name> 3 minutes ago", split around the name (set in bold). */
  protected readonly placedBy = computed(() => {
    const l = this.lookup();
    const owner = this.owner();
    if (l.state !== 'done' || !owner) return null;
    const when = l.info.placedAt !== null ? this.i18n.relativeTime(l.info.placedAt) : '';
    return this.i18n.parts('pixel.placedBy', 'name', { name: owner.name, when });
  });

  constructor() {
    // Ask again when another pixel is selected or the selected one changes colour.
    effect(() => {
      const p = this.pixel();
      this.color();
      untracked(() => this.fetch(p));
    });
  }

  private fetch(p: Point): void {
    if (this.lookup().state !== 'done') this.lookup.set({ state: 'loading' });
    this.client.get(p.x, p.y).then(
      (info) => {
        const now = this.pixel();
        if (now.x === p.x && now.y === p.y) this.lookup.set({ state: 'done', info });
      },
      () => this.lookup.set({ state: 'failed' }),
    );
  }
}
