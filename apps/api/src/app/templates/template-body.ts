import { base64ToBytes } from '@pixel-wars/protocol';
import { z } from 'zod';
import { ApiError } from '../common/api-error';

/** A template pixel that leaves the canvas as it is. */
export const TRANSPARENT = 255;
export const TEMPLATE_NAME_MAX = 64;

const schema = z.strictObject({
  name: z.string(),
  x: z.number().int().nonnegative(),
  y: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  pixels: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
});

export interface TemplateBody {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  pixels: Uint8Array;
}

export interface TemplateLimits {
  canvasWidth: number;
  canvasHeight: number;
  paletteSize: number;
  maxSize: number;
}

const invalid = (message: string) => new ApiError(400, 'INVALID_TEMPLATE', message);

/** Checks a `POST /api/templates` body (docs/protocol.md 9); 400 INVALID_TEMPLATE with the reason otherwise. */
export function parseTemplateBody(body: unknown, limits: TemplateLimits): TemplateBody {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalid('Body must be {"name": text, "x", "y", "width", "height": integers, "pixels": base64}.');
  const { x, y, width, height } = parsed.data;
  const name = parsed.data.name.trim();
  const nameLength = [...name].length;
  if (nameLength < 1 || nameLength > TEMPLATE_NAME_MAX || hasControlCharacter(name)) {
    throw invalid(`name must be 1–${TEMPLATE_NAME_MAX} characters without control characters.`);
  }
  if (width > limits.maxSize || height > limits.maxSize) throw invalid(`width and height must be at most ${limits.maxSize}.`);
  if (x + width > limits.canvasWidth || y + height > limits.canvasHeight) {
    throw invalid(`the template must lie inside the ${limits.canvasWidth}x${limits.canvasHeight} canvas.`);
  }
  let pixels: Uint8Array;
  try {
    pixels = base64ToBytes(parsed.data.pixels);
  } catch {
    throw invalid('pixels must be base64.');
  }
  if (pixels.length !== width * height) throw invalid(`pixels must hold width*height = ${width * height} bytes, not ${pixels.length}.`);
  let opaque = 0;
  for (const p of pixels) {
    if (p === TRANSPARENT) continue;
    if (p >= limits.paletteSize) throw invalid(`pixel values must be palette indices 0..${limits.paletteSize - 1} or ${TRANSPARENT} (transparent).`);
    opaque++;
  }
  if (opaque === 0) throw invalid('the template has no visible pixel.');
  return { name, x, y, width, height, pixels };
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
