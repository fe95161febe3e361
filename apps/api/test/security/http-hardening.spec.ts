import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { devSignIn } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';

describe('HTTP and socket hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ALLOWED_ORIGINS: 'https://pixelwars.example' });
  });
  afterAll(async () => t?.close());

  it('sends security headers with a CSP and no framework banner', async () => {
    const res = await fetch(`${t.url}/api/config`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('allows CORS only for the configured origins', async () => {
    const good = await fetch(`${t.url}/api/config`, { headers: { origin: 'https://pixelwars.example' } });
    expect(good.headers.get('access-control-allow-origin')).toBe('https://pixelwars.example');
    const evil = await fetch(`${t.url}/api/config`, { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${t.url}/api/canvas/pixels`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a socket handshake from a foreign Origin', async () => {
    const session = await devSignIn(t.url, 'origin-tester');
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(`${t.url}/play`, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          auth: session ? { token: session.accessToken } : {},
          extraHeaders: { origin },
        });
        socket.on('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.on('connect_error', (error) => {
          socket.close();
          resolve(`refused: ${error.message}`);
        });
      });
    expect(await attempt('https://evil.example')).toMatch(/^refused/);
    expect(await attempt('https://pixelwars.example')).toBe('connected');
  });

  it('never answers with an HTML page or a stack trace', async () => {
    for (const [method, path] of [
      ['GET', '/api/nothing-here'],
      ['DELETE', '/api/canvas'],
      ['PUT', '/api/canvas/pixels'],
      ['GET', '/api/canvas/pixel?x=1e999&y=NaN'],
    ] as const) {
      const res = await fetch(`${t.url}${path}`, { method });
      expect(res.headers.get('content-type'), path).toContain('application/json');
      const text = await res.text();
      expect(text).not.toMatch(/<html|at \w+ \(|\.ts:\d+/i);
      expect(JSON.parse(text)).toHaveProperty('code');
    }
  });
});
