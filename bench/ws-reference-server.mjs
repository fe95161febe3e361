// The plain `ws` reference server for the "is Socket.IO the wall?" investigation (issue 8):
// no Socket.IO, no framework, no auth, no database. It speaks only the minimal Engine.IO /
// Socket.IO handshake that bench/lib/sio-light.mjs waits for ("0{…}" on open, "40/play,{sid}"
// in answer to the client's "40/play,…"), takes placements on the same endpoint shape as the
// real server (POST /api/canvas/pixels {x,y,color} -> 201 {version, cooldownUntil}, answered at
// once: the placement is appended to the current tick's batch), and every TICK_MS builds ONE
// WebSocket frame holding the same Socket.IO-shaped text as the real server
// (`42/play,["pixels","<base64 batch frame>"]`, docs/protocol.md 2.1) and writes that one
// precomputed frame to every socket (`Sender.frame` once, joined into one buffer as the
// product does, `sendFrame` per socket: what Socket.IO's pre-encoded broadcast ends in,
// minus its bookkeeping). GET /api/canvas answers
// guests with an ETag / 304 like the real server (200 body: the raw pixels, uncompressed).
// Everything it skips makes it cheaper than the real server.
// Env: PORT, CANVAS_WIDTH, CANVAS_HEIGHT, TICK_MS; BROADCAST_MAX_LOOP_PERCENT (unset: a fixed
// tick) paces the tick by the real server's rule (apps/api/src/app/canvas/tick-pacer.ts and
// canvas-ticker.service.ts): the next tick max(TICK_MS, median of the last 5 broadcast costs ÷
// share) after the last began, at most TICK_MAX_MS (default 1 s); a cost runs from the first
// socket write to the next-tick callbacks after the last.
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket, { Sender, WebSocketServer } from 'ws';
import { readPlacement, send } from './lib/reference-http.mjs';

const port = Number(process.env.PORT ?? 3002);
const width = Number(process.env.CANVAS_WIDTH ?? 1000);
const height = Number(process.env.CANVAS_HEIGHT ?? 1000);
const tickMs = Number(process.env.TICK_MS ?? 50);
const pacedShare = process.env.BROADCAST_MAX_LOOP_PERCENT ? Number(process.env.BROADCAST_MAX_LOOP_PERCENT) / 100 : null;
const maxTickMs = Math.max(tickMs, Number(process.env.TICK_MAX_MS ?? 1000));
const PACER_WINDOW = 5; // apps/api/src/app/canvas/tick-pacer.ts
const recentCostsMs = [];
let intervalMs = tickMs;
const COLORS = 32;
const RECORD_BYTES = 5;
const MAX_RECORDS_PER_TICK = 200_000;
const pixels = new Uint8Array(width * height).fill(31);
let version = 0;

const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();
let eldP99 = 0;
let realtimeBytes = 0;
let realtimeBytesPerSec = 0;
setInterval(() => {
  eldP99 = eld.percentile(99) / 1e6;
  eld.reset();
  realtimeBytesPerSec = realtimeBytes;
  realtimeBytes = 0;
}, 1000).unref();

// The current tick's records (u16 x, u16 y, u8 color), first version = pendingFirst.
const pending = Buffer.alloc(MAX_RECORDS_PER_TICK * RECORD_BYTES);
let pendingCount = 0;
let pendingFirst = 1;

const server = http.createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'GET' && path === '/api/config') return send(res, 200, { width, height, reference: 'ws' });
  if (req.method === 'GET' && path === '/api/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end(
      `pixelwars_event_loop_delay_p99_ms ${eldP99}\npixelwars_realtime_bytes_per_second ${realtimeBytesPerSec}\npixelwars_tick_interval_ms ${intervalMs}\n`,
    );
  }
  if (req.method === 'GET' && path === '/api/canvas') {
    const etag = `"v${version}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': pixels.length, etag });
    return res.end(pixels);
  }
  if (req.method === 'POST' && path === '/api/canvas/pixels') {
    readPlacement(req, res, { width, height, colors: COLORS }, ({ x, y, color }) => {
      if (pendingCount >= MAX_RECORDS_PER_TICK) return send(res, 503, { code: 'BUSY', message: 'tick batch full' });
      pixels[y * width + x] = color;
      version++;
      const o = pendingCount * RECORD_BYTES;
      pending[o] = x & 0xff;
      pending[o + 1] = x >>> 8;
      pending[o + 2] = y & 0xff;
      pending[o + 3] = y >>> 8;
      pending[o + 4] = color;
      pendingCount++;
      send(res, 201, { version, cooldownUntil: Date.now() });
    });
    return;
  }
  send(res, 404, { code: 'NOT_FOUND', message: 'not found' });
});

const wss = new WebSocketServer({ server, path: '/socket.io/', perMessageDeflate: false, maxPayload: 4096, clientTracking: true });
const OPEN = '0{"sid":"x","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const NS_OK = '40/play,{"sid":"y"}';
wss.on('connection', (ws) => {
  ws.joined = false;
  ws.send(OPEN);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return ws.terminate();
    // "40/play,{auth}" joins; "3" is a pong; anything else is a client → server event: drop.
    if (data[0] === 0x34 && data[1] === 0x30) {
      if (!ws.joined) {
        ws.joined = true;
        ws.send(NS_OK);
      }
    } else if (!(data.length === 1 && data[0] === 0x33)) ws.terminate();
  });
  ws.on('error', () => ws.terminate());
});

// One tick: one batch frame, one base64 string, one WebSocket frame, written to every socket.
// `done` runs once the tick is over: at once when nothing was sent, else after the writes'
// next-tick callbacks (the product's CanvasTicker ends its tick at the same point).
function tick(done) {
  if (pendingCount === 0 || wss.clients.size === 0) {
    // No listeners: still advance the window so the next batch starts at the right version.
    pendingFirst += pendingCount;
    pendingCount = 0;
    return done();
  }
  const batch = Buffer.alloc(4 + pendingCount * RECORD_BYTES);
  batch.writeUInt32LE(pendingFirst >>> 0, 0);
  pending.copy(batch, 4, 0, pendingCount * RECORD_BYTES);
  pendingFirst += pendingCount;
  pendingCount = 0;
  const text = Buffer.from(`42/play,["pixels","${batch.toString('base64')}"]`, 'latin1');
  // One buffer (header + payload), as the product sends it: ws then writes it with a single
  // `write` per socket instead of cork + two writes + `writev` (issue 17: same write on both sides).
  const parts = Sender.frame(text, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: true });
  const frame = parts.length === 1 ? parts : [Buffer.concat(parts)];
  // The broadcast cost, as the product measures it: from the first socket write (frame
  // encoding not included) to the first next-tick callback after the last write.
  const sendStartedAt = performance.now();
  let n = 0;
  for (const ws of wss.clients) {
    if (!ws.joined || ws.readyState !== WebSocket.OPEN) continue;
    ws._sender.sendFrame(frame);
    n++;
  }
  realtimeBytes += text.length * n;
  if (n === 0) return done();
  process.nextTick(() => {
    if (pacedShare) {
      // apps/api/src/app/canvas/tick-pacer.ts: the median of the last PACER_WINDOW costs, the same bounds.
      if (recentCostsMs.length === PACER_WINDOW) recentCostsMs.shift();
      recentCostsMs.push(performance.now() - sendStartedAt);
      const sorted = [...recentCostsMs].sort((a, b) => a - b);
      intervalMs = Math.min(maxTickMs, Math.max(tickMs, sorted[(sorted.length - 1) >> 1] / pacedShare));
    }
    done();
  });
}
// Like the product: the next tick starts `intervalMs` after this one began.
function pacedTick() {
  const startedAt = performance.now();
  tick(() => setTimeout(pacedTick, Math.max(0, startedAt + intervalMs - performance.now())));
}
if (pacedShare) setTimeout(pacedTick, tickMs);
else setInterval(() => tick(() => {}), tickMs);

server.listen(port, '127.0.0.1', () => console.log(`ws reference server on ${port}`));
process.on('SIGTERM', () => {
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  server.close();
  setTimeout(() => process.exit(0), 200).unref();
});
