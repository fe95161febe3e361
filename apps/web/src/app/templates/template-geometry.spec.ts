import { Affine } from '../canvas/view-transform';
import { centredPosition, clampPosition, dragPosition, templateMatrix, visibleCells } from './template-geometry';

const canvas = { width: 1000, height: 1000 };
const size = { width: 64, height: 32 };

describe('template overlay geometry', () => {
  it('maps template cell corners through the view, rotation included', () => {
    const view = Affine.similarity(8, Math.PI / 2, 500, 100);
    const m = templateMatrix(view, { x: 10, y: 20 });
    const corner = m.apply({ x: 0, y: 0 });
    const expected = view.apply({ x: 10, y: 20 });
    expect(corner.x).toBeCloseTo(expected.x, 9);
    expect(corner.y).toBeCloseTo(expected.y, 9);
    // One cell to the right goes straight down the screen after a quarter turn.
    const next = m.apply({ x: 1, y: 0 });
    expect(next.x - corner.x).toBeCloseTo(0, 9);
    expect(next.y - corner.y).toBeCloseTo(8, 9);
  });

  it('lists only the visible cells, and null when the template is off screen', () => {
    const view = Affine.similarity(10, 0, 0, 0); // canvas pixel (x, y) at screen (10x, 10y)
    const template = { x: 5, y: 5, ...size };
    expect(visibleCells(view, { width: 200, height: 100 }, template)).toEqual({ x0: 0, y0: 0, x1: 15, y1: 5 });
    expect(visibleCells(view.translate(-2000, 0), { width: 200, height: 100 }, template)).toBeNull();
    const rotated = Affine.similarity(10, Math.PI / 4, 0, 0).rotateAt(0, { x: 0, y: 0 });
    const cells = visibleCells(rotated, { width: 200, height: 200 }, template);
    expect(cells).not.toBeNull();
    expect(cells!.x0).toBe(0);
  });

  it('keeps the template inside the canvas', () => {
    expect(clampPosition({ x: -5, y: 990 }, size, canvas)).toEqual({ x: 0, y: 968 });
    expect(clampPosition({ x: 12.4, y: 7.6 }, size, canvas)).toEqual({ x: 12, y: 8 });
    expect(centredPosition({ x: 500, y: 500 }, size, canvas)).toEqual({ x: 468, y: 484 });
  });

  it('follows a drag at any zoom and rotation, in whole pixels', () => {
    const zoomed = Affine.similarity(4, 0, 100, 100);
    expect(dragPosition({ x: 100, y: 100 }, { x: 10, y: 10 }, { x: 50, y: 30 }, zoomed, size, canvas)).toEqual({ x: 110, y: 105 });
    // Upside down: dragging right on screen moves the template left on the canvas.
    const flipped = Affine.similarity(2, Math.PI, 800, 800);
    expect(dragPosition({ x: 100, y: 100 }, { x: 0, y: 0 }, { x: 20, y: 0 }, flipped, size, canvas)).toEqual({ x: 90, y: 100 });
    // A quarter turn: dragging down on screen moves it along +x.
    const quarter = Affine.similarity(2, Math.PI / 2, 800, 0);
    expect(dragPosition({ x: 100, y: 100 }, { x: 0, y: 0 }, { x: 0, y: 20 }, quarter, size, canvas)).toEqual({ x: 110, y: 100 });
    expect(dragPosition({ x: 100, y: 100 }, { x: 0, y: 0 }, { x: 1e6, y: 0 }, zoomed, size, canvas)).toEqual({ x: 936, y: 100 });
  });
});
