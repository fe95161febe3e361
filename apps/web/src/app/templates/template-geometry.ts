import { Affine, Point } from '../canvas/view-transform';
import { Placement } from './template-model';

export interface Size {
  width: number;
  height: number;
}

export interface CellRange {
  /** Template-local cells x0 ≤ x < x1, y0 ≤ y < y1. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Template-local cell → screen: the view after a shift to the template's corner. */
export function templateMatrix(view: Affine, at: { x: number; y: number }): Affine {
  return view.compose(new Affine(1, 0, 0, 1, at.x, at.y));
}

/** The template cells the viewport shows (any rotation), or null when none. */
export function visibleCells(view: Affine, viewport: Size, template: Placement): CellRange | null {
  const inverse = templateMatrix(view, template).invert();
  const corners = [
    inverse.apply({ x: 0, y: 0 }),
    inverse.apply({ x: viewport.width, y: 0 }),
    inverse.apply({ x: 0, y: viewport.height }),
    inverse.apply({ x: viewport.width, y: viewport.height }),
  ];
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.x))));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.y))));
  const x1 = Math.min(template.width, Math.ceil(Math.max(...corners.map((c) => c.x))));
  const y1 = Math.min(template.height, Math.ceil(Math.max(...corners.map((c) => c.y))));
  return x0 < x1 && y0 < y1 ? { x0, y0, x1, y1 } : null;
}

/** Keeps a template of `size` wholly inside the canvas (PROTOCOL §9: "inside the canvas"). */
export function clampPosition(at: Point, size: Size, canvas: Size): Point {
  return {
    x: Math.max(0, Math.min(canvas.width - size.width, Math.round(at.x))),
    y: Math.max(0, Math.min(canvas.height - size.height, Math.round(at.y))),
  };
}

/** A template of `size` centred on canvas point `centre`. */
export function centredPosition(centre: Point, size: Size, canvas: Size): Point {
  return clampPosition({ x: centre.x - size.width / 2, y: centre.y - size.height / 2 }, size, canvas);
}

/**
 * Where a template dragged from screen point `from` to `to` lands: the screen movement
 * mapped back through the view (so a drag follows the finger at any zoom and rotation),
 * rounded to whole pixels and kept inside the canvas.
 */
export function dragPosition(start: Point, from: Point, to: Point, view: Affine, size: Size, canvas: Size): Point {
  const inverse = view.invert();
  const a = inverse.apply(from);
  const b = inverse.apply(to);
  return clampPosition({ x: start.x + (b.x - a.x), y: start.y + (b.y - a.y) }, size, canvas);
}
