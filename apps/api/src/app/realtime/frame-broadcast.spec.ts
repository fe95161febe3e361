import { createServer, Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, ServerOptions } from 'socket.io';
import { io, Socket as ClientSocket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BroadcastTargets } from './frame-broadcast';
import type { PlayNamespace } from './play-socket';

const until = async (check: () => boolean, timeoutMs = 3000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('BroadcastTargets', () => {
  let http: HttpServer;
  let server: Server;
  let play: PlayNamespace;
  let url: string;
  let targets: BroadcastTargets;
  const clients: ClientSocket[] = [];
  const broadcastFrame = (namespace: PlayNamespace, event: string, payload: string, direct = true) => targets.broadcast(namespace.name, event, payload, direct);

  const start = async (options: Partial<ServerOptions> = {}) => {
    http = createServer();
    server = new Server(http, options);
    play = server.of('/play') as unknown as PlayNamespace;
    targets = new BroadcastTargets();
    play.on('connection', (socket) => {
      targets.add(socket);
      socket.on('disconnect', () => targets.remove(socket));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/play`;
  };
  beforeEach(() => start());
  const stop = async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  afterEach(() => stop());

  const connect = async (transports: ('websocket' | 'polling')[]) => {
    const client = io(url, { transports, forceNew: true, reconnection: false });
    clients.push(client);
    const received: [string, unknown][] = [];
    client.onAny((event, payload) => received.push([event, payload]));
    await new Promise<void>((resolve, reject) => {
      client.on('connect', resolve);
      client.on('connect_error', reject);
    });
    return received;
  };

  it('delivers the event to WebSocket clients as a direct frame that socket.io-client decodes', async () => {
    const a = await connect(['websocket']);
    const b = await connect(['websocket']);
    await until(() => play.sockets.size === 2);
    expect(broadcastFrame(play, 'pixels', 'AQAAAAEAAgAD')).toBe(2);
    await until(() => a.length === 1 && b.length === 1);
    expect(a).toEqual([['pixels', 'AQAAAAEAAgAD']]);
    expect(b).toEqual([['pixels', 'AQAAAAEAAgAD']]);
  });

  it('stops writing to a socket once it disconnects and keeps every other one (swap removal)', async () => {
    const a = await connect(['websocket']);
    const b = await connect(['websocket']);
    const c = await connect(['websocket']);
    await until(() => targets.size === 3);
    const [first] = play.sockets.values();
    targets.add(first!);
    expect(targets.size).toBe(3);
    clients[0]!.disconnect();
    await until(() => targets.size === 2 && play.sockets.size === 2);
    expect(broadcastFrame(play, 'pixels', 'after-leave')).toBe(2);
    await until(() => b.length === 1 && c.length === 1);
    expect(a).toEqual([]);
    clients[2]!.disconnect();
    await until(() => targets.size === 1);
    expect(broadcastFrame(play, 'pixels', 'last')).toBe(1);
    await until(() => b.length === 2);
    expect(b).toEqual([
      ['pixels', 'after-leave'],
      ['pixels', 'last'],
    ]);
    expect(c).toEqual([['pixels', 'after-leave']]);
  });

  it('falls back to Socket.IO for a long-polling client', async () => {
    const ws = await connect(['websocket']);
    const polling = await connect(['polling']);
    await until(() => play.sockets.size === 2);
    expect(broadcastFrame(play, 'pixels', 'frame-1')).toBe(1);
    await until(() => ws.length === 1 && polling.length === 1);
    expect(polling).toEqual([['pixels', 'frame-1']]);
  });

  it("keeps each socket's order with events sent through Socket.IO in between", async () => {
    const received = await connect(['websocket']);
    await until(() => play.sockets.size === 1);
    const [socket] = play.sockets.values();
    for (let i = 0; i < 50; i++) {
      socket.emit('status', { status: 'playing', position: i });
      broadcastFrame(play, 'pixels', `frame-${i}`);
      if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => received.length === 100);
    const expected = Array.from({ length: 50 }, (_, i) => [
      ['status', { status: 'playing', position: i }],
      ['pixels', `frame-${i}`],
    ]).flat();
    expect(received).toEqual(expected);
  });

  it('leaves compressed WebSocket connections to Socket.IO, which may hold messages back while deflating', async () => {
    await stop();
    await start({ perMessageDeflate: { threshold: 0 } });
    const received = await connect(['websocket']);
    await until(() => play.sockets.size === 1);
    expect(broadcastFrame(play, 'pixels', 'frame-z')).toBe(0);
    await until(() => received.length === 1);
    expect(received).toEqual([['pixels', 'frame-z']]);
  });

  it('sends plain Socket.IO emits when direct frames are switched off (REALTIME_DIRECT_FRAMES=false)', async () => {
    const a = await connect(['websocket']);
    const b = await connect(['websocket']);
    await until(() => play.sockets.size === 2);
    expect(broadcastFrame(play, 'pixels', 'frame-off', false)).toBe(0);
    await until(() => a.length === 1 && b.length === 1);
    expect(a).toEqual([['pixels', 'frame-off']]);
    expect(b).toEqual([['pixels', 'frame-off']]);
  });
});
