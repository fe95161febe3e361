import { RESET_X } from '@pixel-wars/protocol';

/** The live canvas: one palette index per pixel, its version and the game it belongs to. */
export class CanvasState {
  constructor(
    public width: number,
    public height: number,
    public pixels: Uint8Array,
    public version: number,
    public game: number,
    public background: number,
  ) {}

  static blank(width: number, height: number, background: number, version: number, game: number): CanvasState {
    return new CanvasState(width, height, new Uint8Array(width * height).fill(background), version, game, background);
  }

  apply(x: number, y: number, color: number): void {
    if (x === RESET_X) this.pixels.fill(color);
    else this.pixels[y * this.width + x] = color;
  }

  /** A new game: possibly a new size, every pixel `color`. */
  resize(width: number, height: number, color: number): void {
    if (width !== this.width || height !== this.height) {
      this.width = width;
      this.height = height;
      this.pixels = new Uint8Array(width * height);
    }
    this.pixels.fill(color);
  }
}
