import { promisify } from 'node:util';
import { crc32, deflate } from 'node:zlib';

const deflateAsync = promisify(deflate);

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_INDEXED = 3;
const FILTER_NONE = 0;
/** zlib level 6: a busy 2000x2000 canvas takes ~50 ms on the libuv thread pool. */
const PNG_ZLIB_LEVEL = 6;

export interface IndexedImage {
  width: number;
  height: number;
  /** Row-major palette indices, one byte per pixel. */
  pixels: Uint8Array;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Lays the rows out as PNG scanlines (filter byte 0 + the row). This is the only
 * synchronous step: one memcpy per row, which also snapshots a bitmap that keeps changing.
 */
export function scanlines({ width, height, pixels }: IndexedImage): Buffer {
  if (pixels.length !== width * height) throw new RangeError(`expected ${width * height} pixels, got ${pixels.length}`);
  const stride = width + 1;
  const raw = Buffer.allocUnsafe(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = FILTER_NONE;
    raw.set(pixels.subarray(y * width, (y + 1) * width), y * stride + 1);
  }
  return raw;
}

/**
 * Encodes an indexed-colour (palette, 8-bit) PNG. pngjs only writes greyscale/RGB(A),
 * so the three chunks are laid out here over node's zlib; filter "none" is what the PNG
 * specification recommends for palette images. The bitmap is copied synchronously
 * (before the first await), and the compression runs on the libuv thread pool, so the
 * event loop never waits for it.
 */
export async function encodePalettePng(image: IndexedImage, paletteRgb: Uint8Array): Promise<Buffer> {
  const { width, height } = image;
  const colors = paletteRgb.length / 3;
  if (!Number.isInteger(colors) || colors < 1 || colors > 256) throw new RangeError(`palette must hold 1..256 RGB triples, got ${paletteRgb.length} bytes`);
  if (width < 1 || height < 1) throw new RangeError(`bad image size ${width}x${height}`);
  const raw = scanlines(image);
  const compressed = await deflateAsync(raw, { level: PNG_ZLIB_LEVEL });
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = COLOR_TYPE_INDEXED;
  // compression 0, filter method 0, no interlace
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('PLTE', paletteRgb), chunk('IDAT', compressed), chunk('IEND', new Uint8Array(0))]);
}
