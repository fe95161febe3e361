import { Affine, pixelAt, twistAngle, twoFingerGesture } from './view-transform';
import { MAX_SCALE, centeredView, clampView, fittedView, minScale } from './view-limits';

const close = (a: number, b: number, eps = 1e-7) => expect(Math.abs(a - b)).toBeLessThanOrEqual(eps);

function views(): Affine[] {
  const out: Affine[] = [];
  for (const angle of [0, Math.PI / 6, Math.PI / 2, 2.5, -Math.PI / 3, Math.PI]) {
    for (const scale of [0.05, 1, 7.3, 64]) out.push(Affine.similarity(scale, angle, 123.4, -56.7));
  }
  return out;
}

describe('Affine', () => {
  it('round-trips screen → canvas → screen at every angle and zoom', () => {
    for (const view of views()) {
      for (const s of [
        { x: 0, y: 0 },
        { x: 359.5, y: 739.25 },
        { x: -40, y: 1e4 },
      ]) {
        const back = view.apply(view.toCanvas(s));
        close(back.x, s.x, 1e-6);
        close(back.y, s.y, 1e-6);
      }
    }
  });

  it('round-trips canvas → screen → canvas at every angle and zoom', () => {
    for (const view of views()) {
      for (const c of [
        { x: 0, y: 0 },
        { x: 1999.5, y: 0.5 },
        { x: 4095, y: 4095 },
      ]) {
        const back = view.toCanvas(view.apply(c));
        close(back.x, c.x, 1e-6);
        close(back.y, c.y, 1e-6);
      }
    }
  });

  it('composes with its inverse into the identity', () => {
    for (const view of views()) expect(view.compose(view.invert()).equals(Affine.IDENTITY, 1e-9)).toBe(true);
  });

  it('reports scale and rotation of a similarity', () => {
    const v = Affine.similarity(3, Math.PI / 4, 10, 20);
    close(v.scale, 3);
    close(v.rotation, Math.PI / 4);
  });

  it('zooms about the pivot: the point under it stays put', () => {
    const pivot = { x: 200, y: 150 };
    for (const view of views()) {
      const under = view.toCanvas(pivot);
      const zoomed = view.zoomAt(1.7, pivot);
      const after = zoomed.apply(under);
      close(after.x, pivot.x, 1e-6);
      close(after.y, pivot.y, 1e-6);
      close(zoomed.scale, view.scale * 1.7, 1e-9);
      close(Math.cos(zoomed.rotation - view.rotation), 1, 1e-12);
    }
  });

  it('rotates about the pivot: the point under it stays put', () => {
    const pivot = { x: 180, y: 370 };
    const view = Affine.similarity(5, 0.3, 40, 50);
    const under = view.toCanvas(pivot);
    const rotated = view.rotateAt(Math.PI / 2, pivot);
    const after = rotated.apply(under);
    close(after.x, pivot.x, 1e-6);
    close(after.y, pivot.y, 1e-6);
    close(rotated.rotation, 0.3 + Math.PI / 2);
    close(rotated.scale, 5);
  });

  it('picks the pixel under a point, exactly, at 90° and 180°', () => {
    // Pixel (10, 20) at 8 px per pixel, rotated 90° clockwise around the screen origin.
    const quarter = Affine.similarity(8, Math.PI / 2, 400, 0);
    const centre = quarter.apply({ x: 10.5, y: 20.5 });
    expect(pixelAt(quarter, centre, 100, 100)).toEqual({ x: 10, y: 20 });
    const half = Affine.similarity(8, Math.PI, 800, 800);
    expect(pixelAt(half, half.apply({ x: 99.01, y: 0.99 }), 100, 100)).toEqual({ x: 99, y: 0 });
    expect(pixelAt(half, half.apply({ x: 100.2, y: 5 }), 100, 100)).toBeNull();
    expect(pixelAt(half, half.apply({ x: 3, y: -0.01 }), 100, 100)).toBeNull();
  });

  it('refuses to invert a singular matrix', () => {
    expect(() => new Affine(0, 0, 0, 0, 1, 1).invert()).toThrow(RangeError);
  });
});

describe('two-finger gesture', () => {
  it('keeps the canvas points under both fingers under them (pinch + twist + pan)', () => {
    const view = Affine.similarity(2, 0.4, 30, 60);
    const p1 = { x: 100, y: 100 };
    const p2 = { x: 200, y: 160 };
    const q1 = { x: 120, y: 90 };
    const q2 = { x: 150, y: 260 };
    const under1 = view.toCanvas(p1);
    const under2 = view.toCanvas(p2);
    const next = twoFingerGesture(p1, p2, q1, q2, true).compose(view);
    const a = next.apply(under1);
    const b = next.apply(under2);
    close(a.x, q1.x, 1e-6);
    close(a.y, q1.y, 1e-6);
    close(b.x, q2.x, 1e-6);
    close(b.y, q2.y, 1e-6);
  });

  it('without rotation keeps the angle and follows the midpoint and distance', () => {
    const view = Affine.similarity(2, 0.4, 30, 60);
    const next = twoFingerGesture({ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 50, y: 50 }, { x: 50, y: 250 }, false).compose(view);
    close(next.rotation, 0.4);
    close(next.scale, 4);
    const mid = view.toCanvas({ x: 50, y: 0 });
    const now = next.apply(mid);
    close(now.x, 50, 1e-6);
    close(now.y, 150, 1e-6);
  });

  it('measures the twist in (-π, π]', () => {
    close(twistAngle({ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 1 }), Math.PI / 2);
    close(twistAngle({ x: 0, y: 0 }, { x: -1, y: 0.001 }, { x: 0, y: 0 }, { x: -1, y: -0.001 }), 0.002, 1e-5);
  });
});

describe('view limits', () => {
  const viewport = { width: 360, height: 640 };
  const canvas = { width: 2000, height: 2000 };

  it('fits and centres the canvas', () => {
    const view = fittedView(viewport, canvas);
    const centre = view.toCanvas({ x: 180, y: 320 });
    close(centre.x, 1000, 1e-6);
    close(centre.y, 1000, 1e-6);
    expect(view.apply({ x: 0, y: 0 }).x).toBeGreaterThanOrEqual(0);
    expect(view.apply({ x: 2000, y: 0 }).x).toBeLessThanOrEqual(360);
  });

  it('centres a given pixel at a given zoom and angle', () => {
    const view = centeredView(viewport, { x: 10.5, y: 20.5 }, 16, Math.PI / 3);
    expect(pixelAt(view, { x: 180, y: 320 }, 2000, 2000)).toEqual({ x: 10, y: 20 });
    close(view.scale, 16);
  });

  it('clamps zoom into [min, MAX] and keeps the canvas under the viewport centre', () => {
    const tooBig = clampView(Affine.similarity(500, 1, 0, 0), viewport, canvas);
    close(tooBig.scale, MAX_SCALE, 1e-9);
    const tooSmall = clampView(Affine.similarity(1e-4, 0, 0, 0), viewport, canvas);
    close(tooSmall.scale, minScale(viewport, canvas), 1e-9);
    const lost = clampView(Affine.similarity(4, 0.7, 1e6, -1e6), viewport, canvas);
    const centre = lost.toCanvas({ x: 180, y: 320 });
    expect(centre.x).toBeGreaterThanOrEqual(-1e-6);
    expect(centre.x).toBeLessThanOrEqual(2000 + 1e-6);
    expect(centre.y).toBeGreaterThanOrEqual(-1e-6);
    expect(centre.y).toBeLessThanOrEqual(2000 + 1e-6);
    close(lost.rotation, 0.7);
  });

  it('leaves a valid view untouched', () => {
    const view = centeredView(viewport, { x: 500, y: 500 }, 10, 0.2);
    expect(clampView(view, viewport, canvas).equals(view)).toBe(true);
  });
});
