import { IncomingMessage, ServerResponse, createServer, request } from 'node:http';
import { Socket, connect } from 'node:net';

export interface Proxy {
  /** Where the browser opens the game (http://127.0.0.1:<port>). */
  url: string;
  close(): Promise<void>;
}

/**
 * A reverse proxy in front of the server that passes plain HTTP unchanged but sends
 * WebSocket upgrades with the server's own `Host` — the classic mistake of an nginx
 * `location /socket.io` without `proxy_set_header Host`. The page's `Origin` (this
 * proxy) then is neither the server's own origin nor in ALLOWED_ORIGINS, so the server
 * refuses the socket for real, while sign-in (same-origin through the proxy) works.
 */
export function startHostRewritingProxy(target: { port: number; host: string }): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const upstream = request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const upstream = connect(target.port, '127.0.0.1', () => {
      const headers = Object.entries({ ...req.headers, host: target.host }).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined).map((v) => `${name}: ${v}`),
      );
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            sockets.forEach((s) => s.destroy());
            server.close(() => done());
          }),
      });
    });
  });
}
