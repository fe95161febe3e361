import type { Request } from 'express';

/** The client address used for per-client limits (Express honours `trust proxy`). */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
