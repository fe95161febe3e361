import { paletteToRgba32 } from '@pixel-wars/protocol';
import { CanvasImage } from './canvas-image';

class FakeImageData {
  readonly data: Uint8ClampedArray;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8ClampedArray(width * height * 4);
  }
}

function setup() {
  const puts: number[][] = [];
  const context = {
    putImageData: (_image: unknown, dx: number, dy: number, x = 0, y = 0, w = -1, h = -1) => puts.push([dx, dy, x, y, w, h]),
  };
  const canvas = { width: 0, height: 0, getContext: () => context };
  const doc = { createElement: () => canvas } as unknown as Document;
  return { image: new CanvasImage(doc), puts, canvas };
}

describe('CanvasImage', () => {
  const palette = ['#000000', '#ff4500', '#ffffff'];
  const words = paletteToRgba32(palette);
  let saved: unknown;

  beforeAll(() => {
    saved = (globalThis as { ImageData?: unknown }).ImageData;
    (globalThis as { ImageData?: unknown }).ImageData = FakeImageData;
  });

  afterAll(() => {
    (globalThis as { ImageData?: unknown }).ImageData = saved;
  });

  it('uploads the whole image after a replace, then nothing until a change', () => {
    const { image, puts, canvas } = setup();
    image.setPalette(palette, null);
    image.replace(new Uint8Array(200 * 100).fill(2), 200, 100);
    expect([canvas.width, canvas.height]).toEqual([200, 100]);
    expect(image.flush()).toBe(true);
    expect(puts).toEqual([[0, 0, 0, 0, -1, -1]]);
    expect(image.flush()).toBe(false);
  });

  it('re-uploads only the 64×64 tiles that changed, clipped at the edges', () => {
    const { image, puts } = setup();
    image.setPalette(palette, null);
    image.replace(new Uint8Array(200 * 100), 200, 100);
    image.flush();
    puts.length = 0;
    image.pixel(5, 5, 1);
    image.pixel(6, 7, 1);
    image.pixel(199, 99, 1);
    expect(image.flush()).toBe(true);
    expect(puts).toEqual([
      [0, 0, 0, 0, 64, 64],
      [0, 0, 192, 64, 8, 36],
    ]);
  });

  it('writes palette words into the RGBA buffer', () => {
    const { image } = setup();
    image.setPalette(palette, null);
    image.replace(new Uint8Array([0, 1, 2, 1]), 2, 2);
    const data = (image as unknown as { rgba: Uint32Array }).rgba;
    expect(Array.from(data)).toEqual([words[0], words[1], words[2], words[1]]);
    image.reset(1);
    expect(Array.from(data)).toEqual([words[1], words[1], words[1], words[1]]);
  });

  it('recolours everything when the palette changes', () => {
    const { image, puts } = setup();
    const pixels = new Uint8Array([0, 1]);
    image.setPalette(palette, null);
    image.replace(pixels, 2, 1);
    image.flush();
    puts.length = 0;
    image.setPalette(['#123456', '#abcdef'], pixels);
    const data = (image as unknown as { rgba: Uint32Array }).rgba;
    expect(Array.from(data)).toEqual(Array.from(paletteToRgba32(['#123456', '#abcdef']).subarray(0, 2)));
    image.flush();
    expect(puts).toEqual([[0, 0, 0, 0, -1, -1]]);
  });
});
