import { QuantizedImage, RgbaImage, quantize } from './quantize';
import type { QuantizeRequest } from './quantize.worker';

/** Sources larger than this (pixels) are decoded at most this big before the box filter. */
const DECODE_LIMIT = 4096;

/** The RGBA pixels of an uploaded image file (PNG, JPEG, GIF, WebP…). */
export async function readImageFile(file: Blob): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, DECODE_LIMIT / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(bitmap, 0, 0, width, height);
    const { data } = ctx.getImageData(0, 0, width, height);
    return { width, height, data };
  } finally {
    bitmap.close();
  }
}

/** Quantises in a Web Worker (falls back to the main thread where workers are missing). */
export function quantizeOffThread(image: RgbaImage, palette: readonly string[], maxSide: number): Promise<QuantizedImage> {
  if (typeof Worker === 'undefined') return Promise.resolve(quantize(image, palette, maxSide));
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./quantize.worker', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }: MessageEvent<QuantizedImage>) => {
      worker.terminate();
      resolve(data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    const request: QuantizeRequest = { image, palette: [...palette], maxSide };
    worker.postMessage(request);
  });
}

/** A quantised template as a canvas image (transparent cells stay clear). */
export function templateBitmap(doc: Document, image: QuantizedImage, palette: readonly string[]): HTMLCanvasElement {
  const canvas = doc.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const data = ctx.createImageData(image.width, image.height);
  const rgb = palette.map((hex) => parseInt(hex.slice(1), 16));
  for (let p = 0; p < image.pixels.length; p++) {
    const index = image.pixels[p];
    const value = rgb[index];
    if (value === undefined) continue;
    data.data[p * 4] = (value >> 16) & 0xff;
    data.data[p * 4 + 1] = (value >> 8) & 0xff;
    data.data[p * 4 + 2] = value & 0xff;
    data.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(data, 0, 0);
  return canvas;
}
