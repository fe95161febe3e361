import { Affine, Point, twistAngle, twoFingerGesture } from './view-transform';

export interface PointerInputHandlers {
  /** One finger or the mouse dragged by (dx, dy) screen pixels. */
  pan(dx: number, dy: number): void;
  /** Two fingers moved: compose this before the view. */
  gesture(change: Affine): void;
  /** Wheel or trackpad pinch: zoom by `factor` about `pivot`. */
  zoomAt(factor: number, pivot: Point): void;
  /** A press released without moving: a tap or a click. */
  tap(at: Point, pointerType: string): void;
  /** The mouse hovers `at` (null: left the element). */
  hover(at: Point | null): void;
}

/** Movement below which a press still counts as a tap, by pointer type. */
const TAP_SLOP = { mouse: 4, pen: 6, touch: 10 } as const;
/** A twist must exceed this before two fingers start rotating (no accidental tilt). */
const ROTATE_UNLOCK = (12 * Math.PI) / 180;

interface Tracked {
  start: Point;
  last: Point;
  type: string;
}

/**
 * Pointer Events → view gestures: drag to pan, pinch to zoom around the fingers, twist to
 * rotate, wheel to zoom around the cursor, tap to pick. Works for mouse, pen and touch.
 */
export class PointerInput {
  private readonly pointers = new Map<number, Tracked>();
  private tapCandidate: number | null = null;
  private twist = 0;
  private rotationUnlocked = false;
  private readonly listeners: [string, EventListener, AddEventListenerOptions?][] = [];

  constructor(
    private readonly element: HTMLElement,
    private readonly handlers: PointerInputHandlers,
  ) {
    this.listen('pointerdown', (e) => this.down(e as PointerEvent));
    this.listen('pointermove', (e) => this.move(e as PointerEvent));
    this.listen('pointerup', (e) => this.up(e as PointerEvent, true));
    this.listen('pointercancel', (e) => this.up(e as PointerEvent, false));
    this.listen('pointerleave', (e) => (e as PointerEvent).pointerType === 'mouse' && this.handlers.hover(null));
    this.listen('wheel', (e) => this.wheel(e as WheelEvent), { passive: false });
    this.listen('contextmenu', (e) => this.pointers.size > 0 && e.preventDefault());
  }

  destroy(): void {
    for (const [type, listener, options] of this.listeners) this.element.removeEventListener(type, listener, options);
    this.pointers.clear();
  }

  private listen(type: string, listener: EventListener, options?: AddEventListenerOptions): void {
    this.element.addEventListener(type, listener, options);
    this.listeners.push([type, listener, options]);
  }

  private local(e: { clientX: number; clientY: number }): Point {
    const rect = this.element.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  private down(e: PointerEvent): void {
    if (e.pointerType === 'mouse' && e.button !== 0 && e.button !== 1) return;
    const at = this.local(e);
    this.element.setPointerCapture?.(e.pointerId);
    this.pointers.set(e.pointerId, { start: at, last: at, type: e.pointerType });
    if (this.pointers.size === 1) {
      this.tapCandidate = e.button === 0 || e.pointerType !== 'mouse' ? e.pointerId : null;
    } else {
      this.tapCandidate = null;
      this.twist = 0;
      this.rotationUnlocked = false;
    }
  }

  private move(e: PointerEvent): void {
    const at = this.local(e);
    const tracked = this.pointers.get(e.pointerId);
    if (!tracked) {
      if (e.pointerType === 'mouse') this.handlers.hover(at);
      return;
    }
    if (this.tapCandidate === e.pointerId) {
      const slop = TAP_SLOP[tracked.type as keyof typeof TAP_SLOP] ?? TAP_SLOP.touch;
      if (Math.hypot(at.x - tracked.start.x, at.y - tracked.start.y) <= slop) {
        if (e.pointerType === 'mouse') this.handlers.hover(at);
        return;
      }
      this.tapCandidate = null;
    }
    if (this.pointers.size === 1) {
      this.handlers.pan(at.x - tracked.last.x, at.y - tracked.last.y);
      tracked.last = at;
      if (e.pointerType === 'mouse') this.handlers.hover(at);
      return;
    }
    const [first, second] = [...this.pointers.values()];
    const p1 = first.last;
    const p2 = second.last;
    tracked.last = at;
    const q1 = first.last;
    const q2 = second.last;
    if (!this.rotationUnlocked) {
      this.twist += twistAngle(p1, p2, q1, q2);
      this.rotationUnlocked = Math.abs(this.twist) > ROTATE_UNLOCK;
    }
    this.handlers.gesture(twoFingerGesture(p1, p2, q1, q2, this.rotationUnlocked));
  }

  private up(e: PointerEvent, released: boolean): void {
    const tracked = this.pointers.get(e.pointerId);
    if (!tracked) return;
    this.pointers.delete(e.pointerId);
    this.element.releasePointerCapture?.(e.pointerId);
    if (released && this.tapCandidate === e.pointerId) this.handlers.tap(tracked.start, tracked.type);
    this.tapCandidate = null;
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    // Trackpad pinches arrive as ctrl+wheel with small deltas: make them livelier.
    const speed = e.ctrlKey ? 0.01 : 0.0015;
    const delta = Math.max(-400, Math.min(400, e.deltaY * unit));
    this.handlers.zoomAt(Math.exp(-delta * speed), this.local(e));
  }
}
