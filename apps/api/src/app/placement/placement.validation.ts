import { z } from 'zod';
import { ApiError } from '../common/api-error';

const placement = z.object({ x: z.number().int(), y: z.number().int(), color: z.number().int() }).strict();

export interface Placement {
  x: number;
  y: number;
  color: number;
}

/** Validates a placement body against the canvas; 400 INVALID_PIXEL otherwise. */
export function parsePlacement(body: unknown, width: number, height: number, paletteSize: number): Placement {
  const parsed = placement.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(400, 'INVALID_PIXEL', 'Body must be exactly {"x": integer, "y": integer, "color": integer}.');
  }
  const { x, y, color } = parsed.data;
  if (x < 0 || y < 0 || x >= width || y >= height) {
    throw new ApiError(400, 'INVALID_PIXEL', `(${x}, ${y}) is outside the ${width}x${height} canvas.`);
  }
  if (color < 0 || color >= paletteSize) {
    throw new ApiError(400, 'INVALID_PIXEL', `color must be a palette index in 0..${paletteSize - 1}.`);
  }
  return { x, y, color };
}
