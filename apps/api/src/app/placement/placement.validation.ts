import { ApiError } from '../common/api-error';

export interface Placement {
  x: number;
  y: number;
  color: number;
}

/**
 * Validates a placement body against the canvas; 400 INVALID_PIXEL otherwise. Checked by
 * hand and returned as is (JSON.parse made it; nothing else holds it): no schema result,
 * no copy — this runs on every placement (issue 17: allocation on the hot path).
 */
export function parsePlacement(body: unknown, width: number, height: number, paletteSize: number): Placement {
  if (!isExactPlacement(body)) {
    throw new ApiError(400, 'INVALID_PIXEL', 'Body must be exactly {"x": integer, "y": integer, "color": integer}.');
  }
  const { x, y, color } = body;
  if (x < 0 || y < 0 || x >= width || y >= height) {
    throw new ApiError(400, 'INVALID_PIXEL', `(${x}, ${y}) is outside the ${width}x${height} canvas.`);
  }
  if (color < 0 || color >= paletteSize) {
    throw new ApiError(400, 'INVALID_PIXEL', `color must be a palette index in 0..${paletteSize - 1}.`);
  }
  return body;
}

/** A plain object with exactly the keys x, y and color, each an integer. */
function isExactPlacement(body: unknown): body is Placement {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  let keys = 0;
  for (const key in body) {
    if (key !== 'x' && key !== 'y' && key !== 'color') return false;
    keys++;
  }
  const b = body as Record<string, unknown>;
  return keys === 3 && Number.isSafeInteger(b['x']) && Number.isSafeInteger(b['y']) && Number.isSafeInteger(b['color']);
}
