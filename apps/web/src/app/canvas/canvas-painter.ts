import { CanvasImage } from './canvas-image';
import { Affine, Point } from './view-transform';

export interface Overlay {
  x: number;
  y: number;
  color: string;
}

export interface Scene {
  view: Affine;
  /** Viewport in CSS pixels. */
  width: number;
  height: number;
  dpr: number;
  image: CanvasImage;
  hover: Point | null;
  selected: Point | null;
  /** Pixels accepted by the server but not yet in the bitmap. */
  pending: readonly Overlay[];
  /** The armed colour previewed under the mouse or on the selection. */
  preview: Overlay | null;
  /** The heatmap layer (one pixel per canvas pixel, translucent), drawn over the bitmap. */
  heat?: CanvasImageSource | null;
}

/** From this many CSS px per canvas pixel on, a faint grid shows the cells. */
const GRID_FROM_SCALE = 14;

/** Draws one frame: the bitmap through the view matrix, then grid, overlays and reticles. */
export function paintScene(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { view, dpr, image } = scene;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  if (!image.ready) return;
  ctx.setTransform(...view.toDeviceArray(dpr));
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(image.element, 0, 0);
  if (scene.heat) ctx.drawImage(scene.heat, 0, 0);
  if (view.scale >= GRID_FROM_SCALE) paintGrid(ctx, scene);
  for (const p of scene.pending) {
    ctx.fillStyle = p.color;
    ctx.fillRect(p.x, p.y, 1, 1);
  }
  if (scene.preview) {
    ctx.globalAlpha = 0.7;
    ctx.fillStyle = scene.preview.color;
    ctx.fillRect(scene.preview.x, scene.preview.y, 1, 1);
    ctx.globalAlpha = 1;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  frame(ctx, view, image.width, image.height);
  if (scene.hover && !samePoint(scene.hover, scene.selected)) outline(ctx, view, scene.hover, 1, 0.55);
  if (scene.selected) outline(ctx, view, scene.selected, 2, 1);
}

/** A hairline around the whole canvas so its edge reads on any background. */
function frame(ctx: CanvasRenderingContext2D, view: Affine, width: number, height: number): void {
  const corners = [view.apply({ x: 0, y: 0 }), view.apply({ x: width, y: 0 }), view.apply({ x: width, y: height }), view.apply({ x: 0, y: height })];
  ctx.beginPath();
  corners.forEach((c, i) => (i === 0 ? ctx.moveTo(c.x, c.y) : ctx.lineTo(c.x, c.y)));
  ctx.closePath();
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(127, 127, 127, 0.5)';
  ctx.stroke();
}

function samePoint(a: Point | null, b: Point | null): boolean {
  return !!a && !!b && a.x === b.x && a.y === b.y;
}

/** The visible cells only: the viewport corners mapped back to the canvas. */
function paintGrid(ctx: CanvasRenderingContext2D, scene: Scene): void {
  const { view, width, height, image } = scene;
  const inverse = view.invert();
  const corners = [
    inverse.apply({ x: 0, y: 0 }),
    inverse.apply({ x: width, y: 0 }),
    inverse.apply({ x: 0, y: height }),
    inverse.apply({ x: width, y: height }),
  ];
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.x))));
  const x1 = Math.min(image.width, Math.ceil(Math.max(...corners.map((c) => c.x))));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.y))));
  const y1 = Math.min(image.height, Math.ceil(Math.max(...corners.map((c) => c.y))));
  ctx.beginPath();
  for (let x = x0; x <= x1; x++) {
    ctx.moveTo(x, y0);
    ctx.lineTo(x, y1);
  }
  for (let y = y0; y <= y1; y++) {
    ctx.moveTo(x0, y);
    ctx.lineTo(x1, y);
  }
  ctx.lineWidth = 1 / view.scale;
  ctx.strokeStyle = 'rgba(127, 127, 127, 0.22)';
  ctx.stroke();
}

/**
 * A reticle around one pixel, in screen space so its line stays crisp at any zoom; a
 * tiny pixel gets a larger box around it so it can still be seen.
 */
function outline(ctx: CanvasRenderingContext2D, view: Affine, p: Point, width: number, alpha: number): void {
  const minSide = 14;
  const grow = view.scale < minSide ? (minSide / view.scale - 1) / 2 : 0;
  const x0 = p.x - grow;
  const y0 = p.y - grow;
  const x1 = p.x + 1 + grow;
  const y1 = p.y + 1 + grow;
  const corners = [view.apply({ x: x0, y: y0 }), view.apply({ x: x1, y: y0 }), view.apply({ x: x1, y: y1 }), view.apply({ x: x0, y: y1 })];
  ctx.beginPath();
  corners.forEach((c, i) => (i === 0 ? ctx.moveTo(c.x, c.y) : ctx.lineTo(c.x, c.y)));
  ctx.closePath();
  ctx.globalAlpha = alpha;
  ctx.lineJoin = 'miter';
  ctx.lineWidth = width + 2;
  ctx.strokeStyle = '#000';
  ctx.stroke();
  ctx.lineWidth = width;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
  ctx.globalAlpha = 1;
}
