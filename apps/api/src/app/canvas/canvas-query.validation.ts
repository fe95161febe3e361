import { z } from 'zod';
import { ApiError } from '../common/api-error';

const coordinate = z
  .string()
  .regex(/^\d{1,5}$/)
  .transform(Number);

/** Validates `?x=&y=` of GET /api/canvas/pixel. */
export function parsePixelQuery(query: Record<string, unknown>, width: number, height: number): { x: number; y: number } {
  const x = coordinate.safeParse(query['x']);
  const y = coordinate.safeParse(query['y']);
  if (!x.success || !y.success || x.data >= width || y.data >= height) {
    throw new ApiError(400, 'INVALID_PIXEL', `x and y must be integers inside the ${width}x${height} canvas.`);
  }
  return { x: x.data, y: y.data };
}

/** Parses `since` of GET /api/canvas/changes: undefined when absent, 400 INVALID_VERSION when malformed. */
export function parseSince(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) {
    throw new ApiError(400, 'INVALID_VERSION', '`since` must be a non-negative integer version.');
  }
  return Number(raw);
}
