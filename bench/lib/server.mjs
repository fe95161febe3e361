// Starting, seeding, sampling and stopping the servers under test (child processes).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { OUT, ROOT, SERVER_BUNDLE } from './build.mjs';
import { requestJson } from './players.mjs';
import { readProc } from './procstat.mjs';
import { sleep } from './stats.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The benchmark's server environment: no cooldown, no rate limits, many players. */
export function benchEnv(overrides = {}) {
  return {
    COOLDOWN_MS: '0',
    RATE_LIMIT_PER_MIN: '100000000',
    AUTH_RATE_LIMIT_PER_MIN: '100000000',
    FEEDBACK_RATE_LIMIT_PER_MIN: '100000000',
    MAX_SOCKETS_PER_IP: '10000000', // thousands of load-generator sockets from one address
    CANVAS_WIDTH: '1000',
    CANVAS_HEIGHT: '1000',
    TICK_MS: '50',
    MAX_PLAYERS: '1000000',
    AFK_AFTER_MS: '3600000', // watchers in the fan-out figure hold sockets without placing for minutes
    ...overrides,
  };
}

class ServerProcess {
  constructor({ label, script, env, port, dataDir, logPath, nodeArgs = [] }) {
    this.label = label;
    this.port = port;
    this.base = `http://127.0.0.1:${port}`;
    this.dataDir = dataDir;
    this.logPath = logPath;
    const childEnv = { ...process.env, ...env, PORT: String(port), DATA_DIR: dataDir };
    delete childEnv.NODE_ENV;
    const log = createWriteStream(logPath, { flags: 'a' });
    this.child = spawn(process.execPath, [...nodeArgs, script], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.pipe(log);
    this.child.stderr.pipe(log);
    this.exited = false;
    this.exitCode = null;
    this.exitPromise = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code ?? signal;
        resolve();
      }),
    );
  }

  get pid() {
    return this.child.pid;
  }

  async waitReady(timeoutMs = 60_000) {
    const start = Date.now();
    while (Date.now() - start < timeoutMs) {
      if (this.exited) throw new Error(`${this.label} exited during start-up (${this.exitCode}); see ${this.logPath}`);
      try {
        const res = await requestJson(this.base, 'GET', '/api/config', undefined, {}, 2000);
        if (res.status === 200) return res.body;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`${this.label} not ready after ${timeoutMs} ms; see ${this.logPath}`);
  }

  proc() {
    return readProc(this.pid);
  }

  /** Scrapes GET /api/metrics; returns the gauges the benchmark uses (NaN when absent). */
  async metrics() {
    try {
      const res = await requestJson(this.base, 'GET', '/api/metrics', undefined, {}, 3000);
      const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : String(res.body);
      const gauge = (name) => {
        const m = new RegExp(`^${name}(?:\\{[^}]*\\})?\\s+([-0-9.eE+]+|NaN)$`, 'm').exec(text);
        return m ? Number(m[1]) : NaN;
      };
      return {
        eldP99Ms: gauge('pixelwars_event_loop_delay_p99_ms'),
        realtimeBytesPerSec: gauge('pixelwars_realtime_bytes_per_second'),
        heapUsedBytes: gauge('nodejs_heap_size_used_bytes'),
        tickIntervalMs: gauge('pixelwars_tick_interval_ms'),
      };
    } catch {
      return { eldP99Ms: NaN, realtimeBytesPerSec: NaN, heapUsedBytes: NaN, tickIntervalMs: NaN };
    }
  }

  async stop(timeoutMs = 10_000) {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    await Promise.race([this.exitPromise, sleep(timeoutMs)]);
    if (!this.exited) {
      this.child.kill('SIGKILL');
      await Promise.race([this.exitPromise, sleep(3000)]);
    }
  }
}

function newDataDir(label) {
  return mkdtempSync(join(tmpdir(), `pixelwars-bench-${label}-`));
}

function logPathFor(label) {
  mkdirSync(join(OUT, 'logs'), { recursive: true });
  return join(OUT, 'logs', `${label}.log`);
}

/**
 * Starts the API from the bench's copy of the bundle. With `seed` (width*height palette
 * indices) the canvas starts from that picture: a first start creates the database,
 * the checkpoint is written with better-sqlite3, and the second start recovers from it.
 */
/** BENCH_CPU_PROF=<dir>: every server under test writes a V8 CPU profile there when it exits. */
function profilingArgs() {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export async function startApi({ label, env, seed, nodeArgs = profilingArgs() }) {
  const dataDir = newDataDir(label);
  const logPath = logPathFor(label);
  const width = Number(env.CANVAS_WIDTH);
  const height = Number(env.CANVAS_HEIGHT);
  if (seed) {
    const first = new ServerProcess({ label: `${label}-init`, script: SERVER_BUNDLE, env, port: await freePort(), dataDir, logPath });
    try {
      await first.waitReady();
    } finally {
      await first.stop();
    }
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dataDir, 'pixel-wars.db'));
    try {
      const game = db.prepare('SELECT MAX(game) AS game FROM canvas_games').get().game ?? 1;
      db.prepare('INSERT OR REPLACE INTO canvas_checkpoints (version, game, width, height, pixels, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        0,
        game,
        width,
        height,
        deflateSync(seed, { level: 6 }),
        Date.now(),
      );
    } finally {
      db.close();
    }
  }
  const server = new ServerProcess({ label, script: SERVER_BUNDLE, env, port: await freePort(), dataDir, logPath, nodeArgs });
  server.config = await server.waitReady();
  server.cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  return server;
}

/** Starts a plain script server (the naive comparison server, the ws reference server). */
export async function startScript({ label, script, env, nodeArgs = [] }) {
  const dataDir = newDataDir(label);
  const server = new ServerProcess({ label, script, env, port: await freePort(), dataDir, logPath: logPathFor(label), nodeArgs });
  server.config = await server.waitReady();
  server.cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  return server;
}

/**
 * Samples a server once per second until stopped: /proc CPU+RSS+written bytes and the
 * metrics endpoint (event-loop delay p99 of the last 1-s window, realtime bytes/s).
 */
export function sampleServer(server, { intervalMs = 1000, metrics = true } = {}) {
  const samples = [];
  let stopped = false;
  const first = server.proc();
  const loop = (async () => {
    let prev = first;
    while (!stopped) {
      await sleep(intervalMs);
      if (stopped) break;
      const m = metrics ? await server.metrics() : { eldP99Ms: NaN, realtimeBytesPerSec: NaN, heapUsedBytes: NaN, tickIntervalMs: NaN };
      const p = server.proc();
      if (p && prev) {
        const dt = p.at - prev.at;
        samples.push({
          ...m,
          cpuPct: ((p.cpuMs - prev.cpuMs) / dt) * 100,
          rssBytes: p.rssBytes,
          wcharPerSec: ((p.wcharBytes - prev.wcharBytes) * 1000) / dt,
        });
      }
      prev = p;
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const last = server.proc();
      return { first, last, samples };
    },
  };
}

/**
 * A V8 inspector session on a server started with --inspect=127.0.0.1:<port> (memory
 * figure only): full garbage collection and process.memoryUsage() on demand.
 */
export async function inspect(inspectPort) {
  const { default: WebSocket } = await import('ws');
  let targets;
  for (let i = 0; i < 50 && !targets; i++) {
    try {
      targets = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
    } catch {
      await sleep(100);
    }
  }
  if (!targets?.length) throw new Error('no inspector target');
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.id && pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    }
  });
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`inspector ${method} timeout`)), 30_000);
      pending.set(id, (msg) => {
        clearTimeout(timer);
        if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
        else resolve(msg.result);
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async gcAndMemory() {
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
      const r = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
      return JSON.parse(r.result.value);
    },
    close: () => ws.close(),
  };
}
