import { BrowserContext } from 'playwright-core';
import { encodeSnapshot } from '../../../../libs/protocol/src/index';

/*
 * SERVER-PENDING MOCKS — remove after merging the server side of issue 18 (branch `place`).
 * They answer ONLY the endpoints of PROTOCOL.md 9 that the server in this branch does not
 * serve yet (undo, leaderboard, heatmap), exactly as the contract words them. Everything
 * else goes to the real server. Contexts that use them block the service worker, whose
 * fetches Playwright cannot route.
 */

export interface PendingServerOptions {
  width: number;
  height: number;
  /** Undo answers, in order (the last one repeats). */
  undo?: ({ status: 201; body: { version: number; charges: number } } | { status: 409 })[];
  me?: { rank: number | null; pixels: number };
  leaders?: { rank: number; user: { id: string; name: string }; pixels: number }[];
}

/** Activity blobs for the heatmap: a few hot spots fading out (log-like bytes 1–255). */
export function heatActivity(width: number, height: number, spots: { x: number; y: number; r: number }[]): Uint8Array {
  const bytes = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let heat = 0;
      for (const s of spots) heat = Math.max(heat, 1 - Math.hypot(x - s.x, y - s.y) / s.r);
      if (heat > 0) bytes[y * width + x] = Math.max(1, Math.round(255 * heat));
    }
  }
  return bytes;
}

function callerOf(authorization: string | undefined): { sub: string; name: string } | null {
  const payload = authorization?.replace(/^Bearer /, '').split('.')[1];
  if (!payload) return null;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string; name?: string };
  return claims.sub && claims.name ? { sub: claims.sub, name: claims.name } : null;
}

export async function routePendingServer(context: BrowserContext, options: PendingServerOptions): Promise<{ requests: string[] }> {
  const requests: string[] = [];
  const undo = [...(options.undo ?? [{ status: 409 as const }])];
  // SERVER-PENDING (place): POST /api/canvas/pixels/undo
  await context.route('**/api/canvas/pixels/undo', async (route) => {
    requests.push(`${route.request().method()} /api/canvas/pixels/undo`);
    const answer = undo.length > 1 ? undo.shift()! : undo[0];
    if (answer.status === 201) await route.fulfill({ status: 201, json: answer.body });
    else await route.fulfill({ status: 409, json: { code: 'UNDO_UNAVAILABLE', message: 'nothing to undo' } });
  });
  // SERVER-PENDING (place): GET /api/leaderboard/me?period=
  await context.route('**/api/leaderboard/me?*', async (route) => {
    requests.push(`GET ${new URL(route.request().url()).pathname}${new URL(route.request().url()).search}`);
    await route.fulfill({ json: options.me ?? { rank: null, pixels: 0 } });
  });
  // SERVER-PENDING (place): GET /api/leaderboard?period=&limit=
  await context.route('**/api/leaderboard?*', async (route) => {
    const url = new URL(route.request().url());
    requests.push(`GET ${url.pathname}${url.search}`);
    const limit = Number(url.searchParams.get('limit') ?? 10);
    // The caller's own row carries their real id (from the access token), as the server's would.
    const caller = callerOf(route.request().headers()['authorization']);
    const rows = (options.leaders ?? []).map((row) =>
      caller && row.user.name === caller.name ? { ...row, user: { id: caller.sub, name: row.user.name } } : row,
    );
    // A quieter last hour: only the first three played.
    const shown = url.searchParams.get('period') === 'hour' ? rows.slice(0, 3) : rows;
    await route.fulfill({ json: shown.slice(0, limit) });
  });
  // SERVER-PENDING (place): GET /api/canvas/heatmap?window=
  await context.route('**/api/canvas/heatmap?*', async (route) => {
    const url = new URL(route.request().url());
    requests.push(`GET ${url.pathname}${url.search}`);
    const { width, height } = options;
    const hour = url.searchParams.get('window') === 'hour';
    const spots = hour
      ? [
          { x: 25, y: 95, r: 12 },
          { x: 75, y: 45, r: 10 },
        ]
      : [
          { x: 25, y: 95, r: 18 },
          { x: 75, y: 45, r: 16 },
          { x: 130, y: 95, r: 14 },
          { x: 120, y: 25, r: 10 },
        ];
    const body = encodeSnapshot({ width, height, version: 0, pixels: heatActivity(width, height, spots) });
    await route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from(body) });
  });
  return { requests };
}
