import { z } from 'zod';
import { ApiError } from '../common/api-error';
import type { RollbackRequest } from './rollback.service';

const coordinate = z.number().int().min(0).max(65_535);
const side = z.number().int().min(1).max(65_535);

const schema = z.strictObject({
  userId: z.string().min(1).max(200),
  sinceMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  rect: z.strictObject({ x: coordinate, y: coordinate, width: side, height: side }).optional(),
  dryRun: z.boolean().optional(),
});

/** Checks a `POST /api/admin/rollback` body (docs/protocol.md 9); 400 BAD_REQUEST otherwise. */
export function parseRollbackBody(body: unknown): RollbackRequest & { dryRun: boolean } {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(400, 'BAD_REQUEST', 'Body must be {"userId": text, "sinceMs": integer, "rect"?: {"x", "y", "width", "height"}, "dryRun"?: boolean}.');
  }
  const { userId, sinceMs, rect, dryRun } = parsed.data;
  return { userId, sinceMs, rect: rect ?? null, dryRun: dryRun ?? false };
}
