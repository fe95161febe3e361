import { Affine, Point } from './view-transform';

export interface Size {
  width: number;
  height: number;
}

/** Largest on-screen size of one canvas pixel. */
export const MAX_SCALE = 64;
/** Below this many CSS px per canvas pixel, placing is refused (not clearly targetable). */
export const MIN_PLACE_SCALE = 8;
/** With a coarse pointer (finger) the bar is higher. */
export const MIN_PLACE_SCALE_TOUCH = 10;

/** Scale at which the whole canvas fits the viewport with a small margin. */
export function fitScale(viewport: Size, canvas: Size): number {
  const margin = Math.min(32, viewport.width * 0.05);
  const s = Math.min((viewport.width - 2 * margin) / canvas.width, (viewport.height - 2 * margin) / canvas.height);
  return Math.max(s, 1e-3);
}

/** Smallest scale: half the fitting scale (never above 1). */
export function minScale(viewport: Size, canvas: Size): number {
  return Math.min(1, fitScale(viewport, canvas) / 2);
}

/** A view that shows `center` (canvas) in the middle of the viewport. */
export function centeredView(viewport: Size, center: Point, scale: number, angle = 0): Affine {
  const m = Affine.similarity(scale, angle, 0, 0);
  const p = m.apply(center);
  return m.translate(viewport.width / 2 - p.x, viewport.height / 2 - p.y);
}

/** The whole canvas, upright and centred. */
export function fittedView(viewport: Size, canvas: Size): Affine {
  return centeredView(viewport, { x: canvas.width / 2, y: canvas.height / 2 }, fitScale(viewport, canvas));
}

/**
 * Keeps a view usable: the scale within [minScale, MAX_SCALE] (zooming about the viewport
 * centre when out of range) and the viewport centre over the canvas, so the picture can
 * never be lost off-screen.
 */
export function clampView(view: Affine, viewport: Size, canvas: Size): Affine {
  const centre = { x: viewport.width / 2, y: viewport.height / 2 };
  const low = minScale(viewport, canvas);
  let v = view;
  if (v.scale > MAX_SCALE) v = v.zoomAt(MAX_SCALE / v.scale, centre);
  else if (v.scale < low) v = v.zoomAt(low / v.scale, centre);
  const p = v.toCanvas(centre);
  const cx = Math.min(Math.max(p.x, 0), canvas.width);
  const cy = Math.min(Math.max(p.y, 0), canvas.height);
  if (cx === p.x && cy === p.y) return v;
  const s = v.apply({ x: cx, y: cy });
  return v.translate(centre.x - s.x, centre.y - s.y);
}
