import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { joinAsPlayer, TestPlayer } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';

/** Small seeded PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261128);
const ITERATIONS = Number(process.env['FUZZ_ITERATIONS'] ?? 700);

const ENDPOINTS: [string, string][] = [
  ['GET', '/api/config'],
  ['GET', '/api/canvas'],
  ['GET', '/api/canvas/changes'],
  ['GET', '/api/canvas/pixel'],
  ['POST', '/api/canvas/pixels'],
  ['POST', '/api/canvas/pixels/undo'],
  ['GET', '/api/canvas/heatmap'],
  ['GET', '/api/leaderboard'],
  ['GET', '/api/leaderboard/me'],
  ['POST', '/api/auth/google'],
  ['POST', '/api/auth/dev'],
  ['POST', '/api/auth/refresh'],
  ['POST', '/api/auth/logout'],
  ['GET', '/api/me'],
  ['PUT', '/api/me/locale'],
  ['POST', '/api/feedback'],
  ['GET', '/api/history'],
  ['GET', '/api/health'],
];

describe('fuzzing every endpoint', () => {
  let t: TestApp;
  let player: TestPlayer;
  beforeAll(async () => {
    t = await startTestApp({ FEEDBACK_RATE_LIMIT_PER_MIN: '100000' });
    player = await joinAsPlayer(t.url, 'fuzzer');
  });
  afterAll(async () => {
    player?.close();
    await t?.close();
  });

  it(`answers ${ITERATIONS} random requests without a 500, a crash or an unaccounted canvas change (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const randomString = (max: number) => {
      const alphabet = 'ab0-9 _%&=?#\\/"\'{}[]:,.\u0000\u00e9\u{1F600}<>\n';
      return Array.from({ length: Math.floor(random() * max) }, () => pick([...alphabet])).join('');
    };
    const randomValue = (depth = 0): unknown => {
      switch (Math.floor(random() * (depth > 2 ? 6 : 8))) {
        case 0:
          return Math.floor(random() * 70000) - 1000;
        case 1:
          return random() * 1e6;
        case 2:
          return randomString(40);
        case 3:
          return pick([null, true, false, 1e308, -0, Number.MAX_SAFE_INTEGER + 2]);
        case 4:
          return pick([0, 1, 31, 32, 63, 64, 65535, 65536, -1]);
        case 5:
          return pick(['', '0', '1', '-1', 'NaN', '1e3']);
        case 6:
          return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
        default: {
          const keys = pick([
            ['x', 'y', 'color'],
            ['message', 'contact'],
            ['credential'],
            ['name'],
            ['locale'],
            ['x', 'y'],
            ['__proto__', 'constructor'],
            [randomString(8)],
          ]);
          return Object.fromEntries(keys.map((k) => [k, randomValue(depth + 1)]));
        }
      }
    };
    const canvas = t.app.get(CanvasService);
    const startVersion = canvas.version;
    let accepted = 0;
    const statuses = new Map<number, number>();
    for (let i = 0; i < ITERATIONS; i++) {
      const [method, path] = pick(ENDPOINTS);
      const query =
        random() < 0.6
          ? `?${pick(['since', 'x', 'y', 'a', 'period', 'limit', 'window'])}=${encodeURIComponent(String(randomValue()))}&${pick(['x', 'y', 'since'])}=${encodeURIComponent(String(randomValue()))}`
          : '';
      const headers: Record<string, string> = {};
      const auth = random();
      if (auth < 0.4) headers['authorization'] = player.headers['authorization'] ?? '';
      else if (auth < 0.6) headers['authorization'] = `Bearer ${randomString(60)}`.replace(/[^\x20-\x7e]/g, '');
      if (random() < 0.3) headers['cookie'] = `pw_refresh=${encodeURIComponent(randomString(30))}`;
      if (random() < 0.3) headers['origin'] = pick(['http://evil.example', t.url, 'null']);
      let body: string | undefined;
      if (method !== 'GET') {
        const kind = random();
        headers['content-type'] =
          kind < 0.8 ? 'application/json' : pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']);
        body = kind < 0.65 ? JSON.stringify(randomValue()) : kind < 0.8 ? randomString(50) : randomString(3000);
      }
      const res = await fetch(`${t.url}${path}${query}`, { method, headers, body, redirect: 'manual' });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      expect(res.status, `${method} ${path}${query} ${body?.slice(0, 200)} → ${text.slice(0, 200)}`).toBeLessThan(500);
      if (res.status >= 400) {
        expect(() => JSON.parse(text), `${method} ${path}: ${text.slice(0, 100)}`).not.toThrow();
        expect(JSON.parse(text)).toHaveProperty('code');
      }
      if (method === 'POST' && path.startsWith('/api/canvas/pixels') && res.status === 201) accepted++;
    }
    expect(canvas.version).toBe(startVersion + accepted);
    expect((await fetch(`${t.url}/api/health`)).status).toBe(200);
    expect(statuses.size).toBeGreaterThan(3);
  });

  it('survives garbage socket handshakes', async () => {
    const random = prng(SEED + 1);
    const attempts = Array.from(
      { length: 30 },
      (_, i) =>
        new Promise<void>((resolve) => {
          const auth = [{ token: 'x'.repeat(Math.floor(random() * 5000)) }, { token: 42 }, { token: null }, {}, { token: { nested: true } }][i % 5] as Record<
            string,
            unknown
          >;
          const socket = io(`${t.url}/play`, { transports: ['websocket'], reconnection: false, forceNew: true, auth });
          let finished = false;
          const done = () => {
            if (finished) return;
            finished = true;
            socket.close();
            resolve();
          };
          socket.on('connect', done);
          socket.on('connect_error', (error) => {
            expect(error.message).toBe('UNAUTHORIZED');
            done();
          });
          // a handshake larger than maxHttpBufferSize is cut off at the transport level
          socket.io.on('close', done);
        }),
    );
    await Promise.all(attempts);
    expect((await fetch(`${t.url}/api/health`)).status).toBe(200);
  });
});
