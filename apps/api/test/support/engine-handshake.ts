import { request } from 'node:http';
import WebSocket from 'ws';

export interface HandshakeAnswer {
  status: number;
  body: string;
  /** The Engine.IO session id when the handshake was accepted. */
  sid: string | null;
  /** Closes an accepted connection (WebSocket: the socket; polling: an Engine.IO close packet). */
  close(): Promise<void>;
}

export interface HandshakeOptions {
  localAddress?: string;
  headers?: Record<string, string>;
}

/** An Engine.IO polling handshake (`GET /socket.io/?EIO=4&transport=polling`) as a raw HTTP request. */
export function pollingHandshake(url: string, options: HandshakeOptions = {}): Promise<HandshakeAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/socket.io/?EIO=4&transport=polling`, { localAddress: options.localAddress, headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const sid = res.statusCode === 200 ? ((JSON.parse(body.slice(1)) as { sid: string }).sid ?? null) : null;
        resolve({
          status: res.statusCode ?? 0,
          body,
          sid,
          close: () => (sid ? closePolling(url, sid, options) : Promise.resolve()),
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function closePolling(url: string, sid: string, options: HandshakeOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`,
      { method: 'POST', localAddress: options.localAddress, headers: { ...options.headers, 'content-type': 'text/plain;charset=UTF-8' }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end('1'); // Engine.IO "close" packet
  });
}

/** An Engine.IO WebSocket handshake; resolves with 101 when open, else the refusal's status and body. */
export function websocketHandshake(url: string, options: HandshakeOptions = {}): Promise<HandshakeAnswer> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      localAddress: options.localAddress,
      headers: options.headers,
    });
    let settled = false;
    socket.once('message', (data) => {
      settled = true;
      const text = data.toString();
      resolve({
        status: 101,
        body: text,
        sid: (JSON.parse(text.slice(1)) as { sid: string }).sid,
        close: () =>
          new Promise<void>((done) => {
            if (socket.readyState === WebSocket.CLOSED) return done();
            socket.once('close', () => done());
            socket.close();
          }),
      });
    });
    socket.once('unexpected-response', (_req, res) => {
      settled = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sid: null, close: async () => undefined }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body, sid: null, close: async () => undefined }));
    });
    socket.once('error', (error) => {
      if (!settled) reject(error);
    });
  });
}
