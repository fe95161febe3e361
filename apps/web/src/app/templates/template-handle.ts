import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { CanvasStore } from '../canvas/canvas-store';
import { Point } from '../canvas/view-transform';
import { Viewport } from '../canvas/viewport';
import { I18n } from '../i18n/i18n';
import { Placement } from './template-model';
import { dragPosition, templateMatrix } from './template-geometry';

/**
 * An invisible box exactly over the template being placed (the view matrix as a CSS
 * transform, so it turns with the view): dragging it with a finger, pen or mouse moves
 * the template by whole pixels; outside it, the canvas pans and zooms as usual.
 */
@Component({
  selector: 'pw-template-handle',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'template-handle',
    role: 'img',
    '[attr.aria-label]': 'i18n.t("templates.dragHint")',
    '[style.width.px]': 'placement().width',
    '[style.height.px]': 'placement().height',
    '[style.transform]': 'transform()',
    '(pointerdown)': 'down($event)',
    '(pointermove)': 'move($event)',
    '(pointerup)': 'up($event)',
    '(pointercancel)': 'up($event)',
  },
  template: ``,
})
export class TemplateHandle {
  private readonly viewport = inject(Viewport);
  private readonly store = inject(CanvasStore);
  protected readonly i18n = inject(I18n);

  readonly placement = input.required<Placement>();
  readonly moved = output<Point>();

  protected readonly transform = computed(() => {
    const m = templateMatrix(this.viewport.view(), this.placement());
    return `matrix(${m.a}, ${m.b}, ${m.c}, ${m.d}, ${m.e}, ${m.f})`;
  });
  private drag: { pointer: number; from: Point; start: Point } | null = null;

  protected down(event: PointerEvent): void {
    if (this.drag || (event.pointerType === 'mouse' && event.button !== 0)) return;
    const target = event.currentTarget as HTMLElement;
    target.setPointerCapture?.(event.pointerId);
    const p = this.placement();
    this.drag = { pointer: event.pointerId, from: this.local(event, target), start: { x: p.x, y: p.y } };
    event.preventDefault();
    event.stopPropagation();
  }

  protected move(event: PointerEvent): void {
    const drag = this.drag;
    const canvas = this.store.size();
    if (!drag || drag.pointer !== event.pointerId || !canvas) return;
    const p = this.placement();
    const to = this.local(event, event.currentTarget as HTMLElement);
    this.moved.emit(dragPosition(drag.start, drag.from, to, this.viewport.view(), p, canvas));
  }

  protected up(event: PointerEvent): void {
    if (this.drag?.pointer === event.pointerId) this.drag = null;
  }

  /** The pointer in the coordinates of the canvas view (the handle's offset parent). */
  private local(event: PointerEvent, target: HTMLElement): Point {
    const rect = (target.offsetParent ?? target.parentElement ?? target).getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }
}
