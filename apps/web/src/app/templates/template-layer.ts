import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, ElementRef, computed, effect, inject, input, viewChild } from '@angular/core';
import { ConfigStore } from '../api/config.store';
import { CanvasStore } from '../canvas/canvas-store';
import { Viewport } from '../canvas/viewport';
import { glyphFor, inkFor } from './glyphs';
import { templateBitmap } from './image-source';
import { TRANSPARENT } from './template-model';
import { templateMatrix, visibleCells } from './template-geometry';

export interface LayerTemplate {
  x: number;
  y: number;
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Symbols show from this many CSS px per canvas pixel on (a glyph needs room). */
export const SYMBOLS_FROM_SCALE = 12;

/**
 * The template over the canvas: a screen-sized layer above the canvas view, drawn through
 * the same view matrix (pan, zoom, rotation) at the chosen opacity; in symbol mode at high
 * zoom, every cell still to paint also gets its colour's glyph, upright at any rotation.
 */
@Component({
  selector: 'pw-template-layer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'template-layer' },
  template: `<canvas
    #surface
    class="template-layer__surface"
    aria-hidden="true"
    [attr.data-opacity]="opacity()"
    [attr.data-symbols]="symbolsShown()"
  ></canvas>`,
})
export class TemplateLayer {
  private readonly viewport = inject(Viewport);
  private readonly config = inject(ConfigStore);
  private readonly store = inject(CanvasStore);
  private readonly doc = inject(DOCUMENT);
  private readonly surface = viewChild.required<ElementRef<HTMLCanvasElement>>('surface');

  readonly template = input.required<LayerTemplate | null>();
  readonly opacity = input(0.6);
  readonly symbols = input(false);
  /** Draws a dashed frame around the template (while placing a new one). */
  readonly framed = input(false);

  protected readonly symbolsShown = computed(() => this.symbols() && this.viewport.zoom() >= SYMBOLS_FROM_SCALE);
  private readonly bitmap = computed(() => {
    const template = this.template();
    return template ? templateBitmap(this.doc, template, this.config.palette()) : null;
  });
  private frame = 0;

  constructor() {
    effect(() => {
      this.viewport.view();
      this.viewport.size();
      this.bitmap();
      this.opacity();
      this.framed();
      if (this.symbolsShown()) this.store.version();
      this.schedule();
    });
    inject(DestroyRef).onDestroy(() => this.frame && cancelAnimationFrame(this.frame));
  }

  private schedule(): void {
    if (this.frame || typeof requestAnimationFrame !== 'function') return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  private paint(): void {
    const canvas = this.surface().nativeElement;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const size = this.viewport.size();
    const dpr = Math.min(this.doc.defaultView?.devicePixelRatio || 1, 3);
    const width = Math.max(1, Math.round(size.width * dpr));
    const height = Math.max(1, Math.round(size.height * dpr));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const template = this.template();
    const bitmap = this.bitmap();
    if (!template || !bitmap) return;
    const matrix = templateMatrix(this.viewport.view(), template);
    ctx.setTransform(...matrix.toDeviceArray(dpr));
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = this.opacity();
    ctx.drawImage(bitmap, 0, 0);
    ctx.globalAlpha = 1;
    if (this.framed()) this.paintFrame(ctx, dpr, matrix);
    if (this.symbolsShown()) this.paintSymbols(ctx, dpr, template);
  }

  private paintFrame(ctx: CanvasRenderingContext2D, dpr: number, matrix: ReturnType<typeof templateMatrix>): void {
    const t = this.template()!;
    const corners = [
      matrix.apply({ x: 0, y: 0 }),
      matrix.apply({ x: t.width, y: 0 }),
      matrix.apply({ x: t.width, y: t.height }),
      matrix.apply({ x: 0, y: t.height }),
    ];
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.beginPath();
    corners.forEach((c, i) => (i === 0 ? ctx.moveTo(c.x, c.y) : ctx.lineTo(c.x, c.y)));
    ctx.closePath();
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    ctx.strokeStyle = '#000';
    ctx.stroke();
    ctx.lineDashOffset = 5;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
    ctx.setLineDash([]);
  }

  /** One glyph per cell still to paint, in the ink that reads on the colour the canvas shows there. */
  private paintSymbols(ctx: CanvasRenderingContext2D, dpr: number, template: LayerTemplate): void {
    const view = this.viewport.view();
    const cells = visibleCells(view, this.viewport.size(), template);
    if (!cells) return;
    const palette = this.config.palette();
    const matrix = templateMatrix(view, template);
    const scale = view.scale;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = `700 ${Math.round(scale * 0.62)}px system-ui, sans-serif`; // i18n-ignore: a CSS font
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let ty = cells.y0; ty < cells.y1; ty++) {
      for (let tx = cells.x0; tx < cells.x1; tx++) {
        const want = template.pixels[ty * template.width + tx];
        if (want === TRANSPARENT) continue;
        const have = this.store.colorAt(template.x + tx, template.y + ty);
        if (have === want) continue;
        const centre = matrix.apply({ x: tx + 0.5, y: ty + 0.5 });
        ctx.fillStyle = inkFor(palette[have ?? want] ?? '#ffffff');
        ctx.fillText(glyphFor(want), centre.x, centre.y);
      }
    }
  }
}
