import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PlayGateway } from '../../src/app/realtime/play.gateway';
import { devSignIn, waitFor } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';

/** A raw Engine.IO/Socket.IO client that joins /play and then stops reading its socket. */
async function connectThenStall(url: string, token: string | null): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('0')) ws.send(`40/play,${JSON.stringify(token ? { token } : {})}`);
      else if (text.startsWith('40/play')) resolve();
      else if (text.startsWith('44/play')) reject(new Error(text));
    });
    ws.on('error', reject);
  });
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  return ws;
}

describe('slow consumers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SLOW_CONSUMER_MAX_BYTES: '262144' });
  });
  afterAll(async () => t?.close());

  it.each([
    ['notices (Socket.IO broadcast)', (gateway: PlayGateway, payload: string) => gateway.broadcastNotice(payload)],
    ['pixels frames (direct WebSocket frames)', (gateway: PlayGateway, payload: string) => gateway.broadcastPixels(payload)],
  ])('disconnects a client that stops reading %s instead of buffering for it without bound', async (_kind, send) => {
    const session = await devSignIn(t.url, 'sloth');
    const ws = await connectThenStall(t.url, session?.accessToken ?? null);
    const gateway = t.app.get(PlayGateway);
    await waitFor(() => gateway.socketCount() === 1);
    const payload = 'x'.repeat(64 * 1024);
    const rssBefore = process.memoryUsage().rss;
    // ~64 MB offered to a reader that takes nothing: kernel buffers fill, then the server's.
    for (let i = 0; i < 1000 && gateway.socketCount() > 0; i++) {
      send(gateway, payload);
      if (i % 20 === 0) {
        gateway.dropSlowConsumers();
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    await waitFor(() => gateway.socketCount() === 0, 5000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(48 * 1024 * 1024);
    ws.terminate();
  });
});
