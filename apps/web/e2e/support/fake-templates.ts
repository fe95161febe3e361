// ─────────────────────────────────────────────────────────────────────────────────────────
// TEMPORARY FAKE of /api/templates* (PROTOCOL §9) for the PWA's e2e, used ONLY because the
// server side is being built in another branch (`mod`). Remove this file and the
// `fakeTemplates.attach(...)` calls in templates.e2e.spec.ts once that server is merged:
// the spec is written against the contract and must then pass against the real API.
// Everything else in the e2e (canvas, sign-in, placements) runs against the real server.
// ─────────────────────────────────────────────────────────────────────────────────────────
import { BrowserContext, Route } from 'playwright-core';
import { decodeSnapshot } from '../../../../libs/protocol/src/index';

interface Stored {
  id: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  pixels: string;
  owner: { id: string; name: string };
  createdAt: number;
}

const TRANSPARENT = 255;

export class FakeTemplates {
  readonly templates = new Map<string, Stored>();
  readonly created: Stored[] = [];
  private next = 1;

  constructor(private readonly serverUrl: string) {}

  /** Serves /api/templates* for every page of `context` (TEMPORARY, see the file header). */
  async attach(context: BrowserContext): Promise<void> {
    await context.route(/\/api\/templates(\/|\?|$)/, (route) => this.handle(route));
  }

  private async handle(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    const parts = url.pathname.split('/').filter(Boolean); // api, templates, id?, wrong?
    const id = parts[2];
    const user = userOf(request.headers()['authorization']);
    if (!id && request.method() === 'POST') {
      if (!user) return json(route, 401, { code: 'UNAUTHORIZED', message: 'sign in' });
      const body = request.postDataJSON() as Omit<Stored, 'id' | 'owner' | 'createdAt'>;
      const bytes = Buffer.from(body.pixels ?? '', 'base64');
      const valid =
        typeof body.name === 'string' && body.name.length >= 1 && body.name.length <= 64 &&
        [body.x, body.y, body.width, body.height].every(Number.isInteger) &&
        body.width >= 1 && body.height >= 1 && body.width <= 512 && body.height <= 512 && bytes.length === body.width * body.height;
      if (!valid) return json(route, 400, { code: 'INVALID_TEMPLATE', message: 'invalid template' });
      const stored: Stored = { ...body, id: `t${this.next++}`, owner: user, createdAt: Date.now() };
      this.templates.set(stored.id, stored);
      this.created.push(stored);
      return json(route, 201, { id: stored.id, url: `/t/${stored.id}` });
    }
    if (!id) return json(route, 200, [...this.templates.values()].filter((t) => t.owner.id === user?.id).map(({ id: i, name }) => ({ id: i, name })));
    const stored = this.templates.get(id);
    if (!stored) return json(route, 404, { code: 'NOT_FOUND', message: 'no such template' });
    if (request.method() === 'DELETE') {
      this.templates.delete(id);
      return route.fulfill({ status: 204 });
    }
    const wrong = await this.wrongCells(stored);
    if (parts[3] === 'wrong') {
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const details = await Promise.all(wrong.map((w) => this.pixelInfo(w.x, w.y).then((info) => ({ ...w, version: info.version, user: info.user }))));
      details.sort((a, b) => b.version - a.version);
      return json(route, 200, details.slice(0, limit));
    }
    const total = [...Buffer.from(stored.pixels, 'base64')].filter((p) => p !== TRANSPARENT).length;
    const matching = total - wrong.length;
    return json(route, 200, { ...stored, progress: { matching, total, percent: total ? Math.floor((matching / total) * 1000) / 10 : 100 } });
  }

  private async wrongCells(t: Stored): Promise<{ x: number; y: number; want: number; have: number }[]> {
    const snapshot = decodeSnapshot(new Uint8Array(await (await fetch(`${this.serverUrl}/api/canvas`)).arrayBuffer()));
    const wants = Buffer.from(t.pixels, 'base64');
    const wrong = [];
    for (let ty = 0; ty < t.height; ty++) {
      for (let tx = 0; tx < t.width; tx++) {
        const want = wants[ty * t.width + tx];
        const x = t.x + tx;
        const y = t.y + ty;
        const have = snapshot.pixels[y * snapshot.width + x];
        if (want !== TRANSPARENT && have !== want) wrong.push({ x, y, want, have });
      }
    }
    return wrong;
  }

  private async pixelInfo(x: number, y: number): Promise<{ version: number; user: { id: string; name: string } | null }> {
    return (await fetch(`${this.serverUrl}/api/canvas/pixel?x=${x}&y=${y}`)).json();
  }
}

function userOf(authorization: string | undefined): { id: string; name: string } | null {
  const token = authorization?.replace(/^Bearer /, '');
  if (!token) return null;
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub?: string; name?: string };
  return claims.sub ? { id: String(claims.sub), name: claims.name ?? String(claims.sub) } : null;
}

function json(route: Route, status: number, body: unknown): Promise<void> {
  return route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
}
