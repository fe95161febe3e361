// Live server memory per /play socket, measured after full garbage collections (the RSS
// deltas in `npm run bench` also count garbage not yet collected, so they are an upper bound).
// Usage: node bench/memory-per-socket.mjs [sockets=2000]   (needs dist/apps/api/main.js)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectMany, LightSocket } from './lib/sio-light.mjs';
import { createPlayers, detectAuthMode } from './lib/players.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const N = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'pixel-wars-mem-'));
const memOut = join(dir, 'mem.json');
const trigger = join(dir, 'trigger');
// Preloaded into the server: on each trigger file change, collect garbage and dump memoryUsage.
writeFileSync(
  join(dir, 'probe.cjs'),
  `
const fs = require('fs');
let seen = '';
setInterval(() => {
  let t = ''; try { t = fs.readFileSync(${JSON.stringify(trigger)}, 'utf8'); } catch {}
  if (t && t !== seen) { seen = t; for (let i = 0; i < 3; i++) global.gc(); fs.writeFileSync(${JSON.stringify(memOut)}, JSON.stringify(process.memoryUsage())); }
}, 100).unref();
`,
);
const port = 20000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--expose-gc', '-r', join(dir, 'probe.cjs'), join(ROOT, 'dist/apps/api/main.js')], {
  cwd: ROOT,
  env: {
    ...process.env,
    PORT: String(port),
    DATA_DIR: join(dir, 'data'),
    RATE_LIMIT_PER_MIN: '100000000',
    AUTH_RATE_LIMIT_PER_MIN: '100000000',
    MAX_SOCKETS_PER_IP: '100000000',
    MAX_PLAYERS: '1000000',
    AFK_AFTER_MS: '3600000',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await sleep(100);
  }
  const measure = async (label) => {
    writeFileSync(trigger, label);
    await sleep(1500);
    return JSON.parse(readFileSync(memOut, 'utf8'));
  };
  const players = await createPlayers(base, await detectAuthMode(base), N, { prefix: 'mem-' });
  const before = await measure('before');
  const { sockets, failed } = await connectMany(N, (i) => new LightSocket(base, { token: players[i].token }));
  await sleep(2000);
  const after = await measure('after');
  const per = (key) => ((after[key] - before[key]) / sockets.length / 1024).toFixed(1);
  console.log(
    `${sockets.length} sockets (${failed} failed): per socket after full GC: heapUsed ${per('heapUsed')} KB, rss ${per('rss')} KB, external ${per('external')} KB`,
  );
  for (const s of sockets) s.close?.();
} finally {
  server.kill('SIGKILL');
}
