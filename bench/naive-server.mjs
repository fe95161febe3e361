// The naive comparison server for the fan-out figure: the same socket.io version and
// the same server options as the real gateway (apps/api/src/app/realtime/pixel-io.adapter.ts),
// the same placement endpoint shape (POST /api/canvas/pixels {x,y,color} -> 201
// {version, cooldownUntil}), but one `emit('pixel', {x,y,color,version})` of JSON to
// every /play socket per placement, and the 201 right after that emit. It has no
// framework, no auth, no durability and no database: everything it skips makes it
// cheaper than the real server, so the comparison is generous to it.
// Env: PORT, CANVAS_WIDTH, CANVAS_HEIGHT.
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { readPlacement, send } from './lib/reference-http.mjs';

const port = Number(process.env.PORT ?? 3001);
const width = Number(process.env.CANVAS_WIDTH ?? 1000);
const height = Number(process.env.CANVAS_HEIGHT ?? 1000);
const COLORS = 32;
const pixels = new Uint8Array(width * height).fill(31);
let version = 0;

const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();
let eldP99 = 0;
setInterval(() => {
  eldP99 = eld.percentile(99) / 1e6;
  eld.reset();
}, 1000).unref();

const server = http.createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'GET' && path === '/api/config') return send(res, 200, { width, height, naive: true });
  if (req.method === 'GET' && path === '/api/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end(`pixelwars_event_loop_delay_p99_ms ${eldP99}\n`);
  }
  if (req.method === 'POST' && path === '/api/canvas/pixels') {
    readPlacement(req, res, { width, height, colors: COLORS }, ({ x, y, color }) => {
      pixels[y * width + x] = color;
      version++;
      play.emit('pixel', { x, y, color, version });
      send(res, 201, { version, cooldownUntil: Date.now() });
    });
    return;
  }
  send(res, 404, { code: 'NOT_FOUND', message: 'not found' });
});

// Options copied from PixelIoAdapter.createIOServer.
const io = new Server(server, {
  path: '/socket.io',
  serveClient: false,
  maxHttpBufferSize: 4096,
  perMessageDeflate: false,
  httpCompression: false,
  cors: { origin: [`http://localhost:${port}`], credentials: true },
  allowRequest: (req, callback) => callback(null, req.headers.origin === undefined),
});
const play = io.of('/play');
play.on('connection', (socket) => {
  socket.onAny(() => socket.disconnect(true));
});

server.listen(port, () => console.log(`naive server on ${port}`));
process.on('SIGTERM', () => {
  io.close();
  server.close();
  setTimeout(() => process.exit(0), 200).unref();
});
