import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pollingHandshake } from '../support/engine-handshake';
import { startTestApp, TestApp } from '../support/test-app';

const LIMIT = 5;

/** GET from a chosen loopback source address with extra headers; resolves with the status. */
function getFrom(url: string, localAddress: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function statuses(count: number, send: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await send());
  return out;
}

/**
 * A one-hop reverse proxy like the nginx the README recommends: every request reaches
 * the app from the proxy's address (127.0.0.50), with the client appended to X-Forwarded-For.
 */
async function startProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = request(
      `${target}${req.url}`,
      {
        method: req.method,
        headers: { ...req.headers, 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'https' },
        localAddress: '127.0.0.50',
        agent: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('TRUST_PROXY and the client address', () => {
  let t: TestApp | null = null;
  let proxy: { url: string; close(): Promise<void> } | null = null;
  afterEach(async () => {
    await proxy?.close();
    await t?.close();
    proxy = null;
    t = null;
  });
  afterAll(async () => t?.close());

  const start = async (env: Record<string, string>) => {
    t = await startTestApp({ RATE_LIMIT_PER_MIN: String(LIMIT), ...env });
    return t;
  };

  it('unset: X-Forwarded-For is ignored, so a client cannot escape its limit by spoofing it', async () => {
    const app = await start({});
    let n = 0;
    const answers = await statuses(LIMIT + 3, () => getFrom(`${app.url}/api/config`, '127.0.0.20', { 'x-forwarded-for': `198.51.100.${++n}` }));
    expect(answers.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    expect(answers.slice(LIMIT)).toEqual([429, 429, 429]);
    expect(await getFrom(`${app.url}/api/config`, '127.0.0.21')).toBe(200);
  });

  it("unset behind a proxy hop: every client shares the proxy's budget (the lock-out TRUST_PROXY fixes)", async () => {
    const app = await start({});
    proxy = await startProxy(app.url);
    const first = await statuses(LIMIT, () => getFrom(`${proxy!.url}/api/config`, '127.0.0.41'));
    expect(first.every((s) => s === 200)).toBe(true);
    expect(await getFrom(`${proxy.url}/api/config`, '127.0.0.42')).toBe(429);
  });

  it('TRUST_PROXY=1 behind a proxy hop: each client behind the proxy has its own budget', async () => {
    const app = await start({ TRUST_PROXY: '1' });
    proxy = await startProxy(app.url);
    const a = await statuses(LIMIT + 1, () => getFrom(`${proxy!.url}/api/config`, '127.0.0.41'));
    expect(a.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    expect(a[LIMIT]).toBe(429);
    expect(await getFrom(`${proxy.url}/api/config`, '127.0.0.42')).toBe(200);
    // a client's own X-Forwarded-For in front of the proxy's entry changes nothing
    expect(await getFrom(`${proxy.url}/api/config`, '127.0.0.41', { 'x-forwarded-for': '203.0.113.99' })).toBe(429);
  });

  it('an address list trusts only those peers; IPv6 clients are keyed by /64', async () => {
    const app = await start({ TRUST_PROXY: '127.0.0.50, 10.0.0.0/8' });
    // the same /64 shares a budget, whatever the interface id
    let n = 0;
    const sameNet = await statuses(LIMIT + 1, () =>
      getFrom(`${app.url}/api/config`, '127.0.0.50', { 'x-forwarded-for': `2001:db8:1:2::${(++n).toString(16)}` }),
    );
    expect(sameNet.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    expect(sameNet[LIMIT]).toBe(429);
    expect(await getFrom(`${app.url}/api/config`, '127.0.0.50', { 'x-forwarded-for': '2001:db8:1:3::1' })).toBe(200);
    // a peer that is not in the list cannot choose its address
    const spoofer = await statuses(LIMIT + 1, () => getFrom(`${app.url}/api/config`, '127.0.0.60', { 'x-forwarded-for': `198.51.100.${++n}` }));
    expect(spoofer[LIMIT]).toBe(429);
  });

  it('the socket cap keys on the resolved address too', async () => {
    const app = await start({ TRUST_PROXY: '1', MAX_SOCKETS_PER_IP: '2', RATE_LIMIT_PER_MIN: '1000' });
    const via = (client: string) => ({ localAddress: '127.0.0.50', headers: { 'x-forwarded-for': client } });
    const a = [await pollingHandshake(app.url, via('198.51.100.1')), await pollingHandshake(app.url, via('198.51.100.1'))];
    expect(a.map((x) => x.status)).toEqual([200, 200]);
    expect((await pollingHandshake(app.url, via('198.51.100.1'))).status).toBe(429);
    expect((await pollingHandshake(app.url, via('198.51.100.2'))).status).toBe(200);
  });

  it('the same-origin check takes the scheme from X-Forwarded-Proto only when the proxy is trusted', async () => {
    const headers = { host: 'pixels.example', origin: 'https://pixels.example', 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' };
    const refresh = (url: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${url}/api/auth/refresh`, { method: 'POST', headers, agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    const untrusted = await start({});
    expect((await pollingHandshake(untrusted.url, { headers })).status).toBe(403);
    expect(await refresh(untrusted.url)).toBe(403);
    await untrusted.close();
    t = null;
    const trusted = await start({ TRUST_PROXY: 'loopback' });
    expect((await pollingHandshake(trusted.url, { headers })).status).toBe(200);
    expect(await refresh(trusted.url)).toBe(401); // past the origin check: no refresh cookie
  });
});
