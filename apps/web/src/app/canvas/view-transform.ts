/**
 * The view as one affine matrix from canvas coordinates (pixel units, origin at the top-left
 * corner of pixel 0,0) to screen coordinates (CSS pixels of the viewport):
 *
 *   sx = a·x + c·y + e
 *   sy = b·x + d·y + f
 *
 * Pan, zoom and rotation are compositions with this matrix, so screen → canvas mapping is
 * the exact inverse at any angle. Instances are immutable.
 */
export interface Point {
  x: number;
  y: number;
}

export class Affine {
  static readonly IDENTITY = new Affine(1, 0, 0, 1, 0, 0);

  constructor(
    readonly a: number,
    readonly b: number,
    readonly c: number,
    readonly d: number,
    readonly e: number,
    readonly f: number,
  ) {}

  /** Scale `s`, rotation `angle` (radians, clockwise on screen), then translation. */
  static similarity(scale: number, angle: number, tx: number, ty: number): Affine {
    const cos = Math.cos(angle) * scale;
    const sin = Math.sin(angle) * scale;
    return new Affine(cos, sin, -sin, cos, tx, ty);
  }

  /** On-screen size of one canvas pixel (CSS px). */
  get scale(): number {
    return Math.hypot(this.a, this.b);
  }

  /** Rotation in radians, in (-π, π]. */
  get rotation(): number {
    return Math.atan2(this.b, this.a);
  }

  apply(p: Point): Point {
    return { x: this.a * p.x + this.c * p.y + this.e, y: this.b * p.x + this.d * p.y + this.f };
  }

  invert(): Affine {
    const det = this.a * this.d - this.b * this.c;
    if (det === 0 || !Number.isFinite(det)) throw new RangeError('singular view matrix');
    const a = this.d / det;
    const b = -this.b / det;
    const c = -this.c / det;
    const d = this.a / det;
    return new Affine(a, b, c, d, -(a * this.e + c * this.f), -(b * this.e + d * this.f));
  }

  /** `this ∘ other`: applies `other` first, then `this`. */
  compose(other: Affine): Affine {
    return new Affine(
      this.a * other.a + this.c * other.b,
      this.b * other.a + this.d * other.b,
      this.a * other.c + this.c * other.d,
      this.b * other.c + this.d * other.d,
      this.a * other.e + this.c * other.f + this.e,
      this.b * other.e + this.d * other.f + this.f,
    );
  }

  /** Moves the picture by (dx, dy) screen pixels. */
  translate(dx: number, dy: number): Affine {
    return new Affine(this.a, this.b, this.c, this.d, this.e + dx, this.f + dy);
  }

  /** Zooms by `factor` keeping the canvas point under `pivot` (screen) in place. */
  zoomAt(factor: number, pivot: Point): Affine {
    return aroundPivot(Affine.similarity(factor, 0, 0, 0), pivot).compose(this);
  }

  /** Rotates by `angle` radians around `pivot` (screen). */
  rotateAt(angle: number, pivot: Point): Affine {
    return aroundPivot(Affine.similarity(1, angle, 0, 0), pivot).compose(this);
  }

  /** Screen point → canvas point (fractional). */
  toCanvas(screen: Point): Point {
    return this.invert().apply(screen);
  }

  equals(other: Affine, epsilon = 1e-9): boolean {
    return (
      Math.abs(this.a - other.a) <= epsilon &&
      Math.abs(this.b - other.b) <= epsilon &&
      Math.abs(this.c - other.c) <= epsilon &&
      Math.abs(this.d - other.d) <= epsilon &&
      Math.abs(this.e - other.e) <= epsilon &&
      Math.abs(this.f - other.f) <= epsilon
    );
  }

  /** The six numbers in canvas 2D `setTransform` order, scaled by the device pixel ratio. */
  toDeviceArray(dpr: number): [number, number, number, number, number, number] {
    return [this.a * dpr, this.b * dpr, this.c * dpr, this.d * dpr, this.e * dpr, this.f * dpr];
  }
}

function aroundPivot(m: Affine, pivot: Point): Affine {
  return new Affine(1, 0, 0, 1, pivot.x, pivot.y).compose(m).compose(new Affine(1, 0, 0, 1, -pivot.x, -pivot.y));
}

/** The canvas pixel (integer cell) under a screen point, or null outside the canvas. */
export function pixelAt(view: Affine, screen: Point, width: number, height: number): Point | null {
  const p = view.toCanvas(screen);
  const x = Math.floor(p.x);
  const y = Math.floor(p.y);
  return x >= 0 && y >= 0 && x < width && y < height ? { x, y } : null;
}

/**
 * The similarity that carries two fingers from (p1, p2) to (q1, q2): the midpoint follows
 * the fingers, the scale follows their distance and (when allowed) the angle follows
 * their twist. Compose it before the view: `gesture.compose(view)`.
 */
export function twoFingerGesture(p1: Point, p2: Point, q1: Point, q2: Point, allowRotation: boolean): Affine {
  const before = Math.hypot(p2.x - p1.x, p2.y - p1.y);
  const after = Math.hypot(q2.x - q1.x, q2.y - q1.y);
  const scale = before > 0 && after > 0 ? after / before : 1;
  const angle = allowRotation ? twistAngle(p1, p2, q1, q2) : 0;
  const pm = { x: (p1.x + p2.x) / 2, y: (p1.y + p2.y) / 2 };
  const qm = { x: (q1.x + q2.x) / 2, y: (q1.y + q2.y) / 2 };
  return new Affine(1, 0, 0, 1, qm.x, qm.y).compose(Affine.similarity(scale, angle, 0, 0)).compose(new Affine(1, 0, 0, 1, -pm.x, -pm.y));
}

/** Signed angle between the finger lines p1→p2 and q1→q2, in (-π, π]. */
export function twistAngle(p1: Point, p2: Point, q1: Point, q2: Point): number {
  const angle = Math.atan2(q2.y - q1.y, q2.x - q1.x) - Math.atan2(p2.y - p1.y, p2.x - p1.x);
  return Math.atan2(Math.sin(angle), Math.cos(angle));
}
