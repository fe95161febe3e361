import { connect } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/test-app';

/** Opens a raw TCP connection; resolves with how long the server kept it and what it sent. */
function holdConnection(
  url: string,
  script: (write: (text: string) => void) => void,
  giveUpMs: number,
): Promise<{ closedAfterMs: number | null; received: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname);
    let received = '';
    let done = false;
    const finish = (closedAfterMs: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ closedAfterMs, received });
    };
    const timer = setTimeout(() => finish(null), giveUpMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => finish(Date.now() - started));
    socket.on('error', () => undefined);
    socket.on('connect', () => script((text) => socket.writable && socket.write(text)));
  });
}

describe('HTTP server timeouts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => t?.close());

  it('applies the configured headersTimeout, requestTimeout and keepAliveTimeout', () => {
    const server = t.app.getHttpServer() as Server;
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([1000, 2000, 1000]);
  });

  it('drops a client that sends its headers too slowly (slowloris) with 408', async () => {
    const result = await holdConnection(
      t.url,
      (write) => {
        write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
        let n = 0;
        const drip = setInterval(() => (n++ > 60 ? clearInterval(drip) : write(`X-Slow-${n}: y\r\n`)), 200);
        drip.unref();
      },
      10_000,
    );
    expect(result.closedAfterMs, 'connection held for 10 s').not.toBeNull();
    expect(result.closedAfterMs!).toBeLessThan(4000);
    expect(result.received).toMatch(/^HTTP\/1\.1 408/);
  }, 15_000);

  it('closes an idle keep-alive connection after keepAliveTimeout', async () => {
    const result = await holdConnection(t.url, (write) => write('GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'), 10_000);
    expect(result.received).toMatch(/^HTTP\/1\.1 200/);
    expect(result.closedAfterMs, 'idle connection held for 10 s').not.toBeNull();
    expect(result.closedAfterMs!).toBeLessThan(3000);
  }, 15_000);
});
