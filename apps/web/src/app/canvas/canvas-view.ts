import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterNextRender, computed, effect, inject, input, output, viewChild } from '@angular/core';
import { ConfigStore } from '../api/config.store';
import { HeatmapStore } from '../heatmap/heatmap.store';
import { I18n } from '../i18n/i18n';
import { CanvasStore } from './canvas-store';
import { Overlay, paintScene } from './canvas-painter';
import { PointerInput } from './pointer-input';
import { Viewport } from './viewport';
import { Point } from './view-transform';

export interface CanvasPick {
  pixel: Point;
  /** 'mouse', 'pen', 'touch' or 'keyboard'. */
  via: string;
}

/** Pixels panned per arrow key press (Shift: one canvas pixel). */
const KEY_PAN = 64;

/**
 * The <canvas> element: paints the bitmap through the view (only when something changed,
 * once per animation frame) and turns pointer, wheel and keyboard input into view changes
 * and picks.
 */
@Component({
  selector: 'pw-canvas-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'canvas-view' },
  template: `
    <canvas
      #surface
      class="canvas-view__surface"
      tabindex="0"
      role="application"
      [attr.aria-roledescription]="i18n.t('canvas.roleDescription')"
      [attr.aria-label]="label()"
      [attr.data-version]="store.version()"
      [attr.data-view]="matrix()"
      (keydown)="onKey($event)"
    ></canvas>
  `,
})
export class CanvasView {
  protected readonly store = inject(CanvasStore);
  private readonly config = inject(ConfigStore);
  protected readonly i18n = inject(I18n);
  private readonly viewport = inject(Viewport);
  private readonly heatmap = inject(HeatmapStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly surface = viewChild.required<ElementRef<HTMLCanvasElement>>('surface');

  /** Accepted placements waiting for the stream. */
  readonly pending = input<readonly Overlay[]>([]);
  /** Colour previewed under the pointer / on the selection. */
  readonly armedColor = input<string | null>(null);
  readonly picked = output<CanvasPick>();

  protected readonly label = computed(() => {
    const size = this.store.size();
    const where = size ? this.i18n.t('canvas.size', { width: size.width, count: size.height }) : this.i18n.t('canvas.loading');
    return this.i18n.t('canvas.label', { size: where });
  });

  /** The view matrix (canvas → CSS px), for tools and tests that need exact positions. */
  protected readonly matrix = computed(() => {
    const v = this.viewport.view();
    return [v.a, v.b, v.c, v.d, v.e, v.f].map((n) => +n.toFixed(4)).join(',');
  });

  private context: CanvasRenderingContext2D | null = null;
  private frame = 0;
  private dpr = 1;

  /** The armed colour over the hovered (or selected) pixel, unless it already has it. */
  private readonly preview = computed<Overlay | null>(() => {
    const color = this.armedColor();
    const at = this.viewport.hover() ?? this.viewport.selected();
    if (!color || !at) return null;
    this.store.version();
    const current = this.store.colorAt(at.x, at.y);
    if (current !== null && this.config.palette()[current] === color) return null;
    return { x: at.x, y: at.y, color };
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      const canvas = this.surface().nativeElement;
      this.context = canvas.getContext('2d', { alpha: true });
      const input = new PointerInput(canvas, {
        pan: (dx, dy) => this.viewport.panBy(dx, dy),
        gesture: (change) => this.viewport.update((v) => change.compose(v)),
        zoomAt: (factor, pivot) => this.viewport.update((v) => v.zoomAt(factor, pivot)),
        tap: (at, via) => {
          const pixel = this.viewport.pixelAt(at);
          if (pixel) this.picked.emit({ pixel, via });
        },
        hover: (at) => this.viewport.hover.set(at ? this.viewport.pixelAt(at) : null),
      });
      const observer = new ResizeObserver(() => this.resize());
      observer.observe(this.host.nativeElement);
      this.resize();
      destroyRef.onDestroy(() => {
        input.destroy();
        observer.disconnect();
        if (this.frame) cancelAnimationFrame(this.frame);
      });
    });
    // Anything drawn changed: paint in the next frame.
    effect(() => {
      this.viewport.view();
      this.viewport.hover();
      this.viewport.selected();
      this.store.version();
      this.store.size();
      this.config.palette();
      this.pending();
      this.preview();
      this.heatmap.layer();
      this.schedule();
    });
  }

  protected onKey(event: KeyboardEvent): void {
    const v = this.viewport;
    const step = event.shiftKey ? v.zoom() : KEY_PAN;
    switch (event.key) {
      case 'ArrowLeft':
        v.panBy(step, 0);
        break;
      case 'ArrowRight':
        v.panBy(-step, 0);
        break;
      case 'ArrowUp':
        v.panBy(0, step);
        break;
      case 'ArrowDown':
        v.panBy(0, -step);
        break;
      case '+':
      case '=':
        v.zoomIn();
        break;
      case '-':
      case '_':
        v.zoomOut();
        break;
      case 'r':
      case 'R':
        v.rotateStep();
        break;
      case '0':
        v.reset();
        break;
      case 'Enter':
      case ' ': {
        const pixel = v.pixelAt(v.centre());
        if (pixel) this.picked.emit({ pixel, via: 'keyboard' });
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  }

  private resize(): void {
    const rect = this.host.nativeElement.getBoundingClientRect();
    const canvas = this.surface().nativeElement;
    this.dpr = Math.min(window.devicePixelRatio || 1, 3);
    canvas.width = Math.max(1, Math.round(rect.width * this.dpr));
    canvas.height = Math.max(1, Math.round(rect.height * this.dpr));
    this.viewport.setSize({ width: rect.width, height: rect.height });
    this.paint();
  }

  private schedule(): void {
    if (this.frame || typeof requestAnimationFrame !== 'function') return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  private paint(): void {
    const ctx = this.context;
    if (!ctx) return;
    this.store.image.flush();
    const size = this.viewport.size();
    paintScene(ctx, {
      view: this.viewport.view(),
      width: size.width,
      height: size.height,
      dpr: this.dpr,
      image: this.store.image,
      hover: this.viewport.hover(),
      selected: this.viewport.selected(),
      pending: this.pending(),
      preview: this.preview(),
      heat: this.heatmap.layer(),
    });
  }
}
