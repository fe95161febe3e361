// Issue 12's unauthenticated-socket flood: N Engine.IO WebSocket handshakes from one
// address, 100 at a time, that never join a namespace, against the built server with its
// default limits (MAX_SOCKETS_PER_IP 32, RATE_LIMIT_PER_MIN 600). Prints how many opened,
// how many were refused (by reason), and how many connections are left after the 5 s
// join timeout.
// Usage: node bench/handshake-flood.mjs [handshakes=3000]   (needs dist/apps/api/main.js)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

const ROOT = resolve(import.meta.dirname, '..');
const N = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), 'pixel-wars-flood-'));
const port = 20000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, PORT: String(port), DATA_DIR: join(dir, 'data'), WEB_DIST_DIR: join(dir, 'no-web') };
for (const name of ['MAX_SOCKETS_PER_IP', 'RATE_LIMIT_PER_MIN', 'TRUST_PROXY']) delete env[name];
const server = spawn(process.execPath, [join(ROOT, 'dist/apps/api/main.js')], { cwd: ROOT, env, stdio: 'ignore' });

const metrics = async () => (await (await fetch(`${base}/api/metrics`)).text()).split('\n');
const gauge = async (name) => Number((await metrics()).find((l) => l.startsWith(`${name} `))?.split(' ')[1]);

try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      if (i > 300) throw new Error('server did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const outcomes = {};
  const count = (key) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
  const open = [];
  const handshake = () =>
    new Promise((done) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
      ws.once('message', () => (count('open'), open.push(ws), done()));
      ws.once('unexpected-response', (_req, res) => (count(`HTTP ${res.statusCode}`), res.resume(), done()));
      ws.once('error', () => (count('error'), done()));
    });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next++ < N) await handshake();
    }),
  );
  const elapsed = performance.now() - started;
  console.log(`${N} handshakes from one address in ${elapsed.toFixed(0)} ms:`, outcomes);
  console.log(`Engine.IO connections now: ${await gauge('pixelwars_engine_connections')}`);
  await new Promise((r) => setTimeout(r, 6500));
  const stillOpen = open.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  console.log(
    `6.5 s later: ${await gauge('pixelwars_engine_connections')} Engine.IO connections on the server, ${stillOpen} of the opened ones still open at the client`,
  );
  console.log((await metrics()).filter((l) => l.startsWith('pixelwars_socket_refusals_total{')).join('\n'));
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
