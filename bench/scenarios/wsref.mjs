// Issue 8 investigation (`npm run bench -- --only=wsref`, not part of the full run): is
// Socket.IO the wall at launch-day load, or the 2-core machine? The same load as one
// launch-day step (N players' sockets in forked receiver processes, `rate` placements/s
// offered round-robin over the N players, guests polling GET /api/canvas) against
// (a) the real server and (b) bench/ws-reference-server.mjs, a plain `ws` server that writes
// one precomputed Socket.IO-shaped frame per tick to every socket, in the same run.
// Each server runs alone (the other is stopped) on freshly connected sockets.
import { fileURLToPath } from 'node:url';
import { measureFanout, ReceiverPool, spawnHttpWorker } from '../lib/fanout.mjs';
import { createPlayers, detectAuthMode } from '../lib/players.mjs';
import { benchEnv, startApi, startScript } from '../lib/server.mjs';
import { sleep } from '../lib/stats.mjs';
import { line } from './fanout-vs-naive.mjs';

const REF_SCRIPT = fileURLToPath(new URL('../ws-reference-server.mjs', import.meta.url));

export async function runWsReference({ protocolPath, seed, sockets, rate, durationMs, warmupMs, drainMs, guests, perWorker, cooldownMs, tickMs = 50, reps, width, height, log }) {
  const pool = new ReceiverPool(protocolPath, perWorker);
  const placer = spawnHttpWorker('placer-wsref');
  const guestWorker = spawnHttpWorker('guests-wsref');
  const real = [];
  const ref = [];
  let authMode;
  const measure = (server, players) =>
    measureFanout({
      server,
      pool,
      placer,
      players,
      rate,
      durationMs,
      warmupMs,
      drainMs,
      width,
      height,
      connections: 500,
      guests: guests.count ? { worker: guestWorker, count: guests.count, pollMs: guests.pollMs, connections: 32 } : undefined,
    });
  try {
    for (let rep = 0; rep < reps; rep++) {
      // (a) the real server, launch-day configuration.
      // BENCH_CPU_PROF=<dir>: V8 CPU profiles of both servers (written when they exit).
      const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
      const api = await startApi({ label: 'api-wsref', env: benchEnv({ COOLDOWN_MS: String(cooldownMs), CANVAS_WIDTH: String(width), CANVAS_HEIGHT: String(height), TICK_MS: String(tickMs) }), seed, nodeArgs });
      let players;
      try {
        authMode = await detectAuthMode(api.base);
        players = await createPlayers(api.base, authMode, sockets, { prefix: 'wsref-' });
        const conn = await pool.add(api.base, sockets, { tokens: players.map((p) => p.token), waitPlaying: authMode === 'token' });
        if (conn.failed) log?.(`  real: ${conn.failed} sockets failed to connect: ${JSON.stringify(conn.errors)}`);
        await sleep(1500);
        const r = await measure(api, players);
        r.connectMs = conn.ms;
        real.push(r);
        log?.(`  real server  rep ${rep + 1}: ${line(r)}`);
        await pool.closeAll();
      } finally {
        await api.stop();
        api.cleanup();
      }
      await sleep(1000);

      // (b) the plain ws reference server, same players (their tokens are ignored).
      const server = await startScript({ label: 'ws-reference', script: REF_SCRIPT, env: { CANVAS_WIDTH: String(width), CANVAS_HEIGHT: String(height), TICK_MS: String(tickMs) }, nodeArgs });
      try {
        const conn = await pool.add(server.base, sockets, {});
        if (conn.failed) log?.(`  ws reference: ${conn.failed} sockets failed to connect: ${JSON.stringify(conn.errors)}`);
        await sleep(1500);
        const r = await measure(server, players);
        r.connectMs = conn.ms;
        ref.push(r);
        log?.(`  ws reference rep ${rep + 1}: ${line(r)}`);
        await pool.closeAll();
      } finally {
        await server.stop(5000);
        server.cleanup();
      }
      await sleep(1000);
    }
  } finally {
    await pool.stop();
    await placer.stop();
    await guestWorker.stop();
  }
  const strip = (r) => ({ ...r, guests: undefined, timeline: r.timeline });
  return { sockets, rate, durationMs, warmupMs, drainMs, guests, cooldownMs, tickMs, reps, authMode, real: real.map(strip), ref: ref.map(strip) };
}

export function wsrefTable(W) {
  const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
  const rows = [];
  W.real.forEach((r, i) => rows.push(['real server (Socket.IO 4.8)', i + 1, r]));
  W.ref.forEach((r, i) => rows.push(['plain ws reference', i + 1, r]));
  return [
    `| server (${f(W.sockets)} sockets, ${f(W.rate)}/s offered, ${f(W.tickMs)} ms tick) | rep | accepted/s | 201→receipt p50 / p99 ms | send→receipt p50 / p99 ms | delivered % | server CPU % (waited %) | server ELD p99 ms | clients CPU % | placer CPU % |`,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      ([name, rep, r]) =>
        `| ${name} | ${rep} | ${f(r.acceptedPerSec)} | ${f(r.p50, 1)} / ${f(r.p99, 1)} | ${f(r.e2eP50, 1)} / ${f(r.e2eP99, 1)} | ${f(r.deliveredPct, 2)} | ${f(r.serverCpuPct)} (${f(r.serverWaitPct)}) | ${f(r.serverEldP99Ms)} | ${f(r.clientCpuPct)} | ${f(r.placerCpuPct)} |`,
    ),
  ].join('\n');
}
