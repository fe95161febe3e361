import { DOCUMENT, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { CanvasStore } from './canvas-store';
import { MAX_SCALE, Size, centeredView, clampView, fittedView } from './view-limits';
import { Affine, Point, pixelAt } from './view-transform';

/** Where the view should open: from a shared link `?x=&y=&z=`. */
export interface ViewTarget {
  x: number;
  y: number;
  zoom: number | null;
}

const ANIMATION_MS = 220;
const BUTTON_ZOOM = 2;

/**
 * State of one canvas view (provided by the page that shows it): the view matrix, the
 * viewport size, the hovered and the selected pixel. Every change goes through
 * `clampView`, so the canvas can never be lost.
 */
@Injectable()
export class Viewport {
  private readonly canvas = inject(CanvasStore);
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly viewState = signal(Affine.IDENTITY);
  private readonly sizeState = signal<Size>({ width: 0, height: 0 });
  /** Height covered by the bottom sheet on narrow screens: the free area's centre moves up. */
  private bottomInset = 0;
  private target: ViewTarget | null = null;
  /** The view is still where placeInitially put it (no gesture since): it may be re-placed. */
  private autoPlaced: { target: ViewTarget | null } | null = null;
  private placedFor: Size | null = null;
  private animation = 0;

  readonly view = this.viewState.asReadonly();
  readonly size = this.sizeState.asReadonly();
  readonly hover = signal<Point | null>(null);
  readonly selected = signal<Point | null>(null);
  readonly zoom = computed(() => this.viewState().scale);
  readonly rotated = computed(() => Math.abs(this.viewState().rotation) > 1e-6);

  constructor() {
    // First layout, and a new canvas size (new game): place the view again.
    effect(() => {
      const canvas = this.canvas.size();
      const viewport = this.sizeState();
      if (!canvas || viewport.width === 0 || viewport.height === 0) return;
      if (this.placedFor && this.placedFor.width === canvas.width && this.placedFor.height === canvas.height) return;
      this.placedFor = canvas;
      untracked(() => this.placeInitially(canvas));
    });
  }

  /** Opens the view on a shared pixel instead of the whole canvas. */
  openAt(target: ViewTarget): void {
    this.target = target;
  }

  setSize(size: Size): void {
    const old = this.sizeState();
    if (old.width === size.width && old.height === size.height) return;
    this.sizeState.set(size);
    const canvas = this.canvas.size();
    if (this.autoPlaced && canvas && this.placedFor) {
      this.place(canvas, this.autoPlaced.target);
    } else if (old.width > 0 && this.placedFor) {
      // Keep the canvas point at the centre where it was.
      this.set(this.viewState().translate((size.width - old.width) / 2, (size.height - old.height) / 2));
    }
  }

  pixelAt(screen: Point): Point | null {
    const canvas = this.canvas.size();
    return canvas ? pixelAt(this.viewState(), screen, canvas.width, canvas.height) : null;
  }

  /** Centre of the part of the viewport that no panel covers. */
  centre(): Point {
    const size = this.sizeState();
    return { x: size.width / 2, y: Math.max(size.height - this.bottomInset, size.height / 3) / 2 };
  }

  /** A panel covers this many pixels at the bottom (0: none, or it only covers a corner). */
  setBottomInset(pixels: number): void {
    const inset = Math.max(0, pixels);
    if (inset === this.bottomInset) return;
    this.bottomInset = inset;
    const canvas = this.canvas.size();
    if (this.autoPlaced && canvas) this.place(canvas, this.autoPlaced.target);
  }

  /** Immediate updates (gestures). */
  update(change: (view: Affine) => Affine): void {
    this.stopAnimation();
    this.autoPlaced = null;
    this.set(change(this.viewState()));
  }

  panBy(dx: number, dy: number): void {
    this.update((v) => v.translate(dx, dy));
  }

  zoomIn(pivot = this.centre()): void {
    this.animateTo(this.viewState().zoomAt(BUTTON_ZOOM, pivot));
  }

  zoomOut(pivot = this.centre()): void {
    this.animateTo(this.viewState().zoomAt(1 / BUTTON_ZOOM, pivot));
  }

  /** Rotates to the next quarter turn (clockwise). */
  rotateStep(): void {
    const angle = this.viewState().rotation;
    const quarter = Math.PI / 2;
    const next = (Math.floor(angle / quarter + 1e-6) + 1) * quarter;
    this.animateTo(this.viewState().rotateAt(next - angle, this.centre()));
  }

  /** Back to the whole canvas, upright. */
  reset(): void {
    const canvas = this.canvas.size();
    const c = this.centre();
    if (canvas) this.animateTo(fittedView({ width: c.x * 2, height: c.y * 2 }, canvas));
  }

  /** Brings a pixel to the centre at (at least) `scale`. */
  focus(pixel: Point, scale: number): void {
    const s = Math.min(MAX_SCALE, Math.max(scale, this.viewState().scale));
    this.animateTo(this.centredAt({ x: pixel.x + 0.5, y: pixel.y + 0.5 }, s, this.viewState().rotation));
  }

  private placeInitially(canvas: Size): void {
    const target = this.target;
    this.target = null;
    this.place(canvas, target);
    if (target) this.selected.set({ x: target.x, y: target.y });
  }

  private place(canvas: Size, target: ViewTarget | null): void {
    this.autoPlaced = { target };
    if (target && target.x >= 0 && target.y >= 0 && target.x < canvas.width && target.y < canvas.height) {
      const zoom = target.zoom ?? 16;
      this.set(this.centredAt({ x: target.x + 0.5, y: target.y + 0.5 }, zoom, 0));
    } else {
      const c = this.centre();
      this.set(fittedView({ width: c.x * 2, height: c.y * 2 }, canvas));
    }
  }

  /** A view showing canvas point `p` at the free area's centre. */
  private centredAt(p: Point, scale: number, angle: number): Affine {
    const c = this.centre();
    return centeredView({ width: c.x * 2, height: c.y * 2 }, p, scale, angle);
  }

  private set(view: Affine): void {
    const canvas = this.canvas.size();
    const size = this.sizeState();
    this.viewState.set(canvas && size.width > 0 ? clampView(view, size, canvas) : view);
  }

  private animateTo(target: Affine): void {
    this.stopAnimation();
    this.autoPlaced = null;
    const win = this.window;
    const reduced = win?.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? true;
    if (!win || reduced) {
      this.set(target);
      return;
    }
    const centre = this.centre();
    const from = this.viewState();
    const a = { s: Math.log(from.scale), r: from.rotation, c: from.toCanvas(centre) };
    const end = clampView(target, this.sizeState(), this.canvas.size() ?? this.sizeState());
    const b = { s: Math.log(end.scale), r: end.rotation, c: end.toCanvas(centre) };
    let dr = b.r - a.r;
    dr = Math.atan2(Math.sin(dr), Math.cos(dr));
    const start = win.performance.now();
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / ANIMATION_MS);
      const k = 1 - (1 - t) ** 3;
      const point = { x: a.c.x + (b.c.x - a.c.x) * k, y: a.c.y + (b.c.y - a.c.y) * k };
      this.set(t === 1 ? end : this.centredAt(point, Math.exp(a.s + (b.s - a.s) * k), a.r + dr * k));
      this.animation = t < 1 ? win.requestAnimationFrame(step) : 0;
    };
    this.animation = win.requestAnimationFrame(step);
  }

  private stopAnimation(): void {
    if (this.animation) this.window?.cancelAnimationFrame(this.animation);
    this.animation = 0;
  }
}
