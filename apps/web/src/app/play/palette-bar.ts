import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, model, signal } from '@angular/core';
import { describeColor } from '../canvas/color-names';
import { I18n } from '../i18n/i18n';

/**
 * The colours of the game as a radio group: one Tab stop, arrow keys move the choice
 * (roving tabindex), Escape clears it. Choosing the chosen colour again clears it too.
 * On narrow screens it is one scrollable row (the canvas keeps the screen) that the
 * expand button opens into the full grid.
 */
@Component({
  selector: 'pw-palette-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'palette', '[class.palette--compact]': '!expanded()' },
  template: `
    <!-- eslint-disable-next-line @angular-eslint/template/interactive-supports-focus -- the arrow keys bubble up from the focusable swatch buttons inside -->
    <div
      id="palette-grid"
      class="palette__grid"
      role="radiogroup"
      [attr.aria-label]="t('palette.label')"
      (keydown)="onKey($event)"
      [class.palette__grid--disabled]="disabled()"
    >
      @for (color of swatches(); track color.index) {
        <button
          type="button"
          role="radio"
          class="palette__swatch"
          [class.palette__swatch--chosen]="selected() === color.index"
          [class.palette__swatch--light]="color.light"
          [attr.aria-checked]="selected() === color.index"
          [attr.aria-label]="color.name"
          [attr.title]="color.name"
          [attr.data-color]="color.index"
          [tabIndex]="color.index === focusIndex() ? 0 : -1"
          [disabled]="disabled()"
          [style.--swatch]="color.hex"
          (click)="choose(color.index)"
        ></button>
      }
    </div>
    <button
      type="button"
      class="icon-button icon-button--flat palette__expand"
      data-action="palette-expand"
      aria-controls="palette-grid"
      [attr.aria-expanded]="expanded()"
      [attr.aria-label]="expanded() ? t('palette.collapse') : t('palette.expand')"
      [attr.title]="expanded() ? t('palette.collapse') : t('palette.expand')"
      (click)="toggleExpanded()"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 9l6 6 6-6" /></svg>
    </button>
  `,
})
export class PaletteBar {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly t = inject(I18n).t;
  readonly palette = input.required<readonly string[]>();
  readonly disabled = input(false);
  readonly selected = model<number | null>(null);

  protected readonly swatches = computed(() =>
    this.palette().map((hex, index) => ({
      index,
      hex,
      name: this.t('palette.swatch', { name: describeColor(hex, this.t), hex }),
      light: isLight(hex),
    })),
  );
  protected readonly focusIndex = computed(() => this.selected() ?? 0);
  /** The full grid instead of the one-row strip (phones only: wide screens always show the grid). */
  readonly expanded = signal(false);

  protected toggleExpanded(): void {
    this.expanded.update((open) => !open);
    const chosen = this.selected();
    // The chosen colour stays in sight when the strip comes back.
    if (chosen !== null)
      queueMicrotask(() => this.grid().querySelectorAll<HTMLElement>('button')[chosen]?.scrollIntoView?.({ block: 'nearest', inline: 'center' }));
  }

  protected choose(index: number): void {
    this.selected.set(this.selected() === index ? null : index);
  }

  protected onKey(event: KeyboardEvent): void {
    const count = this.palette().length;
    const columns = this.columns();
    const current = this.selected() ?? 0;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
    if (event.key === 'Escape') {
      this.selected.set(null);
    } else if (event.key === 'Home' || event.key === 'End') {
      this.moveTo(event.key === 'Home' ? 0 : count - 1);
    } else if (event.key in moves) {
      this.moveTo((current + moves[event.key] + count) % count);
    } else {
      return;
    }
    event.preventDefault();
  }

  private moveTo(index: number): void {
    this.selected.set(index);
    queueMicrotask(() => this.grid().querySelectorAll<HTMLButtonElement>('button')[index]?.focus());
  }

  private grid(): HTMLElement {
    return this.host.nativeElement.querySelector('.palette__grid') as HTMLElement;
  }

  /** Swatches in the first row of the (responsive) grid. */
  private columns(): number {
    const buttons = Array.from(this.grid().querySelectorAll<HTMLElement>('button'));
    const top = buttons[0]?.offsetTop ?? 0;
    return Math.max(1, buttons.filter((b) => b.offsetTop === top).length);
  }
}

function isLight(hex: string): boolean {
  const v = parseInt(hex.slice(1), 16);
  const luminance = 0.2126 * ((v >> 16) & 255) + 0.7152 * ((v >> 8) & 255) + 0.0722 * (v & 255);
  return luminance > 200;
}
