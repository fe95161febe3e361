import { paletteToRgba32 } from '@pixel-wars/protocol';

/** Side of the square tiles in which dirty pixels are tracked and re-uploaded. */
const TILE = 64;

/**
 * The canvas bitmap as an off-screen <canvas>: palette indices become RGBA words in an
 * ImageData seen through a Uint32Array, and only the tiles touched since the last frame
 * are uploaded (putImageData with a dirty rectangle) when `flush()` runs in the frame.
 */
export class CanvasImage {
  readonly element: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D | null;
  private image: ImageData | null = null;
  private rgba = new Uint32Array(0);
  private palette32 = paletteToRgba32([]);
  private tilesX = 0;
  private tilesY = 0;
  private dirtyTiles = new Uint8Array(0);
  private dirtyList: number[] = [];
  private allDirty = false;
  private w = 0;
  private h = 0;

  constructor(doc: Document) {
    this.element = doc.createElement('canvas');
    this.context = this.element.getContext?.('2d', { alpha: false }) ?? null;
  }

  get width(): number {
    return this.w;
  }

  get height(): number {
    return this.h;
  }

  get ready(): boolean {
    return this.image !== null;
  }

  /** New palette: every pixel is recoloured. */
  setPalette(palette: readonly string[], pixels: Uint8Array | null): void {
    this.palette32 = paletteToRgba32(palette);
    if (pixels && pixels.length === this.rgba.length) this.fill(pixels);
  }

  /** New bitmap (first load, snapshot, resize). */
  replace(pixels: Uint8Array, width: number, height: number): void {
    if (width !== this.w || height !== this.h || !this.image) {
      this.w = width;
      this.h = height;
      this.element.width = width;
      this.element.height = height;
      this.image = typeof ImageData === 'function' ? new ImageData(width, height) : null;
      this.rgba = this.image ? new Uint32Array(this.image.data.buffer) : new Uint32Array(width * height);
      this.tilesX = Math.ceil(width / TILE);
      this.tilesY = Math.ceil(height / TILE);
      this.dirtyTiles = new Uint8Array(this.tilesX * this.tilesY);
      this.dirtyList = [];
    }
    this.fill(pixels);
  }

  pixel(x: number, y: number, color: number): void {
    this.rgba[y * this.w + x] = this.palette32[color];
    const tile = ((y / TILE) | 0) * this.tilesX + ((x / TILE) | 0);
    if (!this.allDirty && this.dirtyTiles[tile] === 0) {
      this.dirtyTiles[tile] = 1;
      this.dirtyList.push(tile);
    }
  }

  reset(color: number): void {
    this.rgba.fill(this.palette32[color]);
    this.markAll();
  }

  /** Uploads dirty tiles to the off-screen canvas. Returns whether anything changed. */
  flush(): boolean {
    const image = this.image;
    if (!image || (!this.allDirty && this.dirtyList.length === 0)) return false;
    const ctx = this.context;
    if (ctx) {
      if (this.allDirty || this.dirtyList.length > (this.tilesX * this.tilesY) / 2) {
        ctx.putImageData(image, 0, 0);
      } else {
        for (const tile of this.dirtyList) {
          const tx = (tile % this.tilesX) * TILE;
          const ty = ((tile / this.tilesX) | 0) * TILE;
          ctx.putImageData(image, 0, 0, tx, ty, Math.min(TILE, this.w - tx), Math.min(TILE, this.h - ty));
        }
      }
    }
    for (const tile of this.dirtyList) this.dirtyTiles[tile] = 0;
    this.dirtyList = [];
    this.allDirty = false;
    return true;
  }

  private fill(pixels: Uint8Array): void {
    const rgba = this.rgba;
    const palette = this.palette32;
    const n = Math.min(pixels.length, rgba.length);
    for (let i = 0; i < n; i++) rgba[i] = palette[pixels[i]];
    this.markAll();
  }

  private markAll(): void {
    this.allDirty = true;
    this.dirtyTiles.fill(0);
    this.dirtyList = [];
  }
}
