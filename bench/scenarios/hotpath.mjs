// Issue 17, durable placements/s: the product against bench/reference-durable-server.mjs
// (node:http + node:crypto JWT + one SQLite WAL transaction per event-loop turn) under the
// same autocannon load, alternating on the same machine in the same run, medians of reps.
// Each product server gets its own `connections` dev users, each holding a /play socket;
// the reference verifies the same tokens (same JWT_SECRET). With `baseline` (a path to an
// older server bundle, --hotpath-baseline=<main.js>) that bundle runs in the alternation
// too (several, comma-separated, named after their folder): before/after of each change in one run.
// With BENCH_CPU_PROF=<dir> every server runs with --inspect and is profiled (V8 Profiler over the
// inspector) during the measured window only, not start-up or warm-up; the profiles are
// written to <dir> and bench/lib/cpu-profile.mjs sums them by package.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeProfile } from '../lib/cpu-profile.mjs';
import { createPlayers, detectAuthMode, openPlayerSockets } from '../lib/players.mjs';
import { benchEnv, freePort, startApi, startScript } from '../lib/server.mjs';
import { median } from '../lib/stats.mjs';
import { runPlacementThroughput } from './http.mjs';

const REF_SCRIPT = fileURLToPath(new URL('../reference-durable-server.mjs', import.meta.url));
const SECRET = 'bench-hotpath-secret-0123456789abcdef0123456789abcdef';

/** A V8 Profiler session over the inspector of a server started with --inspect=127.0.0.1:<port>. */
async function profilerOf(inspectPort) {
  const { default: WebSocket } = await import('ws');
  let targets;
  for (let i = 0; i < 50 && !targets?.length; i++) {
    try {
      targets = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (!targets?.length) throw new Error('no inspector target');
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1 << 30 });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.id && pending.has(msg.id)) pending.get(msg.id)(msg);
  });
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`inspector ${method} timeout`)), 60_000);
      pending.set(id, (msg) => {
        clearTimeout(timer);
        pending.delete(id);
        if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
        else resolve(msg.result);
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async start() {
      await call('Profiler.enable');
      await call('Profiler.setSamplingInterval', { interval: 500 });
      await call('Profiler.start');
    },
    async stop(path) {
      const { profile } = await call('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      ws.close();
      return path;
    },
  };
}

/**
 * `envVariants`: ['NAME=value', …] — the product again with that setting, e.g.
 * SNAPSHOT_MIN_INTERVAL_MS=1000 (--hotpath-env=…): a configuration's cost in the same run.
 */
export async function runHotpath({ connections, durationS, warmupS = 1, reps, width, height, baselines = [], envVariants = [], log }) {
  const profDir = process.env.BENCH_CPU_PROF;
  if (profDir) mkdirSync(profDir, { recursive: true });
  const env = benchEnv({ JWT_SECRET: SECRET, CANVAS_WIDTH: String(width), CANVAS_HEIGHT: String(height) });
  let inspectPort = 0;
  const inspectArgs = () => (profDir ? [`--inspect=127.0.0.1:${inspectPort}`] : []);
  const variants = [{ key: 'product', label: 'hotpath-product', start: () => startApi({ label: 'hotpath-product', env, nodeArgs: inspectArgs() }) }];
  for (const setting of envVariants) {
    const [name, value] = setting.split('=');
    if (!name || value === undefined) throw new Error(`--hotpath-env: expected NAME=value, got "${setting}"`);
    const label = `hotpath-${name.toLowerCase()}-${value}`;
    variants.push({ key: `env:${setting}`, label, start: () => startApi({ label, env: { ...env, [name]: value }, nodeArgs: inspectArgs() }) });
  }
  for (const script of baselines) {
    const key = `baseline:${basename(dirname(script))}`;
    variants.push({
      key,
      label: `hotpath-${basename(dirname(script))}`,
      start: () => startScript({ label: `hotpath-${basename(dirname(script))}`, script, env, nodeArgs: inspectArgs() }),
    });
  }
  variants.push({
    key: 'reference',
    label: 'hotpath-reference',
    reference: true,
    start: () =>
      startScript({
        label: 'hotpath-reference',
        script: REF_SCRIPT,
        env: { JWT_SECRET: SECRET, CANVAS_WIDTH: String(width), CANVAS_HEIGHT: String(height), COLORS: '32' },
        nodeArgs: inspectArgs(),
      }),
  });
  const runs = Object.fromEntries(variants.map((v) => [v.key, []]));
  const profiles = Object.fromEntries(variants.map((v) => [v.key, []]));
  let tokens = null;
  for (let rep = 0; rep < reps; rep++) {
    for (const v of variants) {
      if (profDir) inspectPort = await freePort();
      const server = await v.start();
      let held = { close() {} };
      try {
        let players;
        if (v.reference) {
          players = tokens;
        } else {
          const mode = await detectAuthMode(server.base);
          if (mode !== 'token') throw new Error(`${v.label}: no dev login (auth mode ${mode}); the hot-path figure needs access tokens`);
          players = await createPlayers(server.base, mode, connections, { prefix: 'hot-' });
          held = await openPlayerSockets(server.base, mode, players);
          tokens ??= players;
        }
        // a short discarded warm-up: the JIT and the first SQLite pages, not the figure
        await runPlacementThroughput({ server, players, connections, durationS: warmupS, reps: 1, width, height });
        const profiler = profDir ? await profilerOf(inspectPort) : null;
        await profiler?.start();
        const result = await runPlacementThroughput({ server, players, connections, durationS, reps: 1, width, height });
        if (profiler) profiles[v.key].push(await profiler.stop(join(profDir, `${v.label}-rep${rep + 1}-${Date.now()}.cpuprofile`)));
        const run = result.runs[0];
        runs[v.key].push(run);
        log?.(
          `  ${v.key} rep ${rep + 1}/${reps}: ${run.acceptedPerSec.toFixed(0)} accepted/s (non-2xx ${run.non2xx}, errors ${run.errors}), p99 ${run.latencyP99} ms, server ${run.serverCpuPct.toFixed(0)} % of a core`,
        );
      } finally {
        held.close();
        await server.stop();
        server.cleanup();
      }
    }
  }
  const summary = (list) => {
    const med = {};
    for (const k of Object.keys(list[0])) med[k] = median(list.map((r) => r[k]));
    return { median: med, runs: list };
  };
  const out = { config: { connections, durationS, reps, width, height, baselines, envVariants }, runs: {} };
  for (const v of variants) out.runs[v.key] = summary(runs[v.key]);
  out.ratio = out.runs.product.median.acceptedPerSec / out.runs.reference.median.acceptedPerSec;
  if (profDir) out.profiles = Object.fromEntries(variants.map((v) => [v.key, summarizeProfile(profiles[v.key])]));
  return out;
}
