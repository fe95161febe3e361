import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { SOCKET_JOIN_TIMEOUT_MS } from '../../src/app/realtime/pixel-io.adapter';
import { pollingHandshake, websocketHandshake } from '../support/engine-handshake';
import { devSignIn } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';

const MAX_PER_ADDRESS = 4;

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/api/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').at(-1)) : NaN;
}

/** Connects a Socket.IO client to `namespace`; reports how the attempt ended. */
function tryNamespace(url: string, namespace: string, auth: Record<string, unknown> = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = io(`${url}${namespace}`, { transports: ['websocket'], reconnection: false, forceNew: true, auth });
    const finish = (outcome: string) => {
      socket.close();
      resolve(outcome);
    };
    socket.on('connect', () => finish('connected'));
    socket.on('connect_error', (error) => finish(`connect_error: ${error.message}`));
  });
}

/**
 * Speaks Engine.IO/Socket.IO by hand over a WebSocket (a real client would close the
 * connection itself after a refusal; this one never does), asks for `namespace` and
 * reports what the server sent and whether — and when — the server closed the connection.
 */
function rawJoin(url: string, namespace: string, auth: Record<string, unknown>, waitMs = 2000): Promise<{ packets: string[]; closedAfterMs: number | null }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const packets: string[] = [];
    let joinedAt = 0;
    let closedAfterMs: number | null = null;
    socket.on('message', (data) => {
      const text = data.toString();
      packets.push(text);
      if (text.startsWith('0{')) {
        joinedAt = Date.now();
        socket.send(`40${namespace === '/' ? '' : `${namespace},`}${JSON.stringify(auth)}`);
      }
    });
    socket.on('close', () => (closedAfterMs = Date.now() - joinedAt));
    socket.on('error', reject);
    setTimeout(() => {
      socket.terminate();
      resolve({ packets, closedAfterMs });
    }, waitMs);
  });
}

describe('Engine.IO admission: namespaces, origins, per-address cap', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ ALLOWED_ORIGINS: 'https://pixelwars.example', MAX_SOCKETS_PER_IP: String(MAX_PER_ADDRESS) });
    const session = await devSignIn(t.url, 'admission');
    if (!session) throw new Error('dev login is required');
    token = session.accessToken;
  });
  afterAll(async () => t?.close());

  it('refuses the default namespace / and unknown ones with connect_error, and closes the connection', async () => {
    for (const namespace of ['/', '/admin', '/play-not']) {
      expect(await tryNamespace(t.url, namespace, { token }), namespace).toBe('connect_error: Invalid namespace');
      const raw = await rawJoin(t.url, namespace, { token });
      const prefix = namespace === '/' ? '44' : `44${namespace},`;
      expect(
        raw.packets.find((p) => p.startsWith('44')),
        namespace,
      ).toBe(`${prefix}{"message":"Invalid namespace"}`);
      expect(raw.closedAfterMs, `${namespace}: the server left the connection open`).not.toBeNull();
      expect(raw.closedAfterMs!).toBeLessThan(1000);
    }
    expect(await tryNamespace(t.url, '/play', { token })).toBe('connected');
    const play = await rawJoin(t.url, '/play', { token }, 1000);
    expect(play.packets.some((p) => p.startsWith('40/play,{"sid"'))).toBe(true);
    expect(play.closedAfterMs).toBeNull();
    expect(await metric(t.url, 'pixelwars_socket_refusals_total{reason="namespace"}')).toBeGreaterThanOrEqual(3);
  });

  it('/play refusals stay connect_error UNAUTHORIZED (and BANNED, see auth tests)', async () => {
    expect(await tryNamespace(t.url, '/play', { token: 'garbage' })).toBe('connect_error: UNAUTHORIZED');
  });

  it("accepts the request's own origin (any address the server is reached at) and ALLOWED_ORIGINS", async () => {
    const port = new URL(t.url).port;
    for (const origin of [t.url, 'https://pixelwars.example']) {
      const polling = await pollingHandshake(t.url, { headers: { origin } });
      expect(polling.status, origin).toBe(200);
      await polling.close();
      const ws = await websocketHandshake(t.url, { headers: { origin } });
      expect(ws.status, origin).toBe(101);
      await ws.close();
    }
    const localhost = await pollingHandshake(`http://localhost:${port}`, { headers: { origin: `http://localhost:${port}` } });
    expect(localhost.status).toBe(200);
    await localhost.close();
  });

  it("refuses a foreign Origin with 403 and Engine.IO's JSON body ORIGIN_NOT_ALLOWED (polling and WebSocket)", async () => {
    for (const origin of ['https://evil.example', `https://${new URL(t.url).host}`, 'null']) {
      for (const handshake of [pollingHandshake, websocketHandshake]) {
        const answer = await handshake(t.url, { headers: { origin } });
        expect(answer.status, `${handshake.name} ${origin}`).toBe(403);
        expect(JSON.parse(answer.body)).toEqual({ code: 4, message: 'ORIGIN_NOT_ALLOWED' });
      }
    }
    expect(await metric(t.url, 'pixelwars_socket_refusals_total{reason="origin"}')).toBeGreaterThanOrEqual(6);
  });

  it(`caps concurrent connections per client address at MAX_SOCKETS_PER_IP (${MAX_PER_ADDRESS}) with 429 RATE_LIMITED`, async () => {
    const from = { localAddress: '127.0.0.7' };
    const open = [];
    for (let i = 0; i < MAX_PER_ADDRESS - 1; i++) open.push(await pollingHandshake(t.url, from));
    open.push(await websocketHandshake(t.url, from));
    expect(open.map((a) => a.status)).toEqual([200, 200, 200, 101]);
    expect(await metric(t.url, 'pixelwars_engine_connections_max_per_address')).toBe(MAX_PER_ADDRESS);
    for (const handshake of [pollingHandshake, websocketHandshake]) {
      const refused = await handshake(t.url, from);
      expect(refused.status, handshake.name).toBe(429);
      expect(JSON.parse(refused.body)).toEqual({ code: 4, message: 'RATE_LIMITED' });
    }
    // another address is not affected
    const other = await pollingHandshake(t.url, { localAddress: '127.0.0.8' });
    expect(other.status).toBe(200);
    await other.close();
    // a closed connection frees its slot
    await open.pop()!.close();
    await expectEventually(async () => (await pollingHandshake(t.url, from)).status === 200);
    expect(await metric(t.url, 'pixelwars_socket_refusals_total{reason="per_address_cap"}')).toBeGreaterThanOrEqual(2);
    for (const answer of open) await answer.close();
  });

  it('parallel handshakes from one address cannot overshoot the cap', async () => {
    const from = { localAddress: '127.0.0.9' };
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? websocketHandshake(t.url, from) : pollingHandshake(t.url, from))));
    const accepted = answers.filter((a) => a.status === 200 || a.status === 101);
    expect(accepted.length).toBe(MAX_PER_ADDRESS);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(24 - MAX_PER_ADDRESS);
    for (const answer of accepted) await answer.close();
  });

  it(`closes a connection that joins no namespace after ${SOCKET_JOIN_TIMEOUT_MS} ms, freeing its slot`, async () => {
    const from = { localAddress: '127.0.0.10' };
    const idle = [];
    for (let i = 0; i < MAX_PER_ADDRESS; i++) idle.push(await websocketHandshake(t.url, from));
    expect((await pollingHandshake(t.url, from)).status).toBe(429);
    const started = Date.now();
    await expectEventually(async () => (await pollingHandshake(t.url, from)).status === 200, SOCKET_JOIN_TIMEOUT_MS + 3000);
    expect(Date.now() - started).toBeGreaterThan(SOCKET_JOIN_TIMEOUT_MS - 2000);
    expect(await metric(t.url, 'pixelwars_engine_connections')).toBeLessThan(MAX_PER_ADDRESS + 2);
  }, 20_000);
});

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
