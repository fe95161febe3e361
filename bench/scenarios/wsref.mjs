// Issue 8 investigation (`npm run bench -- --only=wsref`, not part of the full run): is
// Socket.IO the wall at launch-day load, or the per-socket writes every server pays? The
// same load as one launch-day step (N players' sockets in forked receiver processes, `rate`
// placements/s offered round-robin over the N players, guests polling GET /api/canvas)
// against four servers in the same run, each alone on freshly connected sockets:
// the real server with its paced tick (default) and with a fixed TICK_MS tick
// (TICK_MAX_MS = TICK_MS), and bench/ws-reference-server.mjs, a plain `ws` server that writes
// one precomputed Socket.IO-shaped frame per tick to every socket, paced by the same rule
// and fixed.
import { fileURLToPath } from 'node:url';
import { measureFanout, ReceiverPool, spawnHttpWorker } from '../lib/fanout.mjs';
import { createPlayers, detectAuthMode } from '../lib/players.mjs';
import { benchEnv, startApi, startScript } from '../lib/server.mjs';
import { sleep } from '../lib/stats.mjs';
import { line } from './fanout-vs-naive.mjs';

const REF_SCRIPT = fileURLToPath(new URL('../ws-reference-server.mjs', import.meta.url));

export async function runWsReference({
  protocolPath,
  seed,
  sockets,
  rate,
  durationMs,
  warmupMs,
  drainMs,
  guests,
  perWorker,
  cooldownMs,
  tickMs = 50,
  reps,
  width,
  height,
  log,
}) {
  const pool = new ReceiverPool(protocolPath, perWorker);
  const placer = spawnHttpWorker('placer-wsref');
  const guestWorker = spawnHttpWorker('guests-wsref');
  const runs = [];
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
  // BENCH_CPU_PROF=<dir>: V8 CPU profiles of every server (written when they exit).
  const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const sizeEnv = { CANVAS_WIDTH: String(width), CANVAS_HEIGHT: String(height), TICK_MS: String(tickMs) };
  const variants = [
    { name: 'Socket.IO server, paced tick (default)', real: true, env: {} },
    { name: `Socket.IO server, fixed ${tickMs} ms tick`, real: true, env: { TICK_MAX_MS: String(tickMs) } },
    { name: 'plain ws reference, paced tick', real: false, env: { BROADCAST_MAX_LOOP_PERCENT: '50' } },
    { name: `plain ws reference, fixed ${tickMs} ms tick`, real: false, env: { BROADCAST_MAX_LOOP_PERCENT: '' } },
  ];
  let players;
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const variant of variants) {
        const server = variant.real
          ? await startApi({ label: 'api-wsref', env: benchEnv({ COOLDOWN_MS: String(cooldownMs), ...sizeEnv, ...variant.env }), seed, nodeArgs })
          : await startScript({ label: 'ws-reference', script: REF_SCRIPT, env: { ...sizeEnv, ...variant.env }, nodeArgs });
        try {
          if (variant.real) {
            authMode = await detectAuthMode(server.base);
            players = await createPlayers(server.base, authMode, sockets, { prefix: 'wsref-' });
          }
          // The reference ignores tokens; it reuses the last real server's players for pacing.
          const conn = await pool.add(server.base, sockets, variant.real ? { tokens: players.map((p) => p.token), waitPlaying: authMode === 'token' } : {});
          if (conn.failed) log?.(`  ${variant.name}: ${conn.failed} sockets failed to connect: ${JSON.stringify(conn.errors)}`);
          await sleep(1500);
          const r = await measure(server, players);
          r.connectMs = conn.ms;
          runs.push({ variant: variant.name, rep: rep + 1, r });
          log?.(`  ${variant.name}, rep ${rep + 1}: ${line(r)}`);
          await pool.closeAll();
        } finally {
          await server.stop(5000);
          server.cleanup();
        }
        await sleep(1000);
      }
    }
  } finally {
    await pool.stop();
    await placer.stop();
    await guestWorker.stop();
  }
  const strip = (r) => ({ ...r, guests: undefined, timeline: r.timeline });
  return {
    sockets,
    rate,
    durationMs,
    warmupMs,
    drainMs,
    guests,
    cooldownMs,
    tickMs,
    reps,
    authMode,
    runs: runs.map(({ variant, rep, r }) => ({ variant, rep, r: strip(r) })),
  };
}

export function wsrefTable(W) {
  const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
  return [
    `| server (${f(W.sockets)} sockets, ${f(W.rate)}/s offered, TICK_MS ${f(W.tickMs)}) | rep | accepted/s | 201→receipt p50 / p99 ms | send→receipt p50 / p99 ms | delivered % | tick ms | server CPU % (waited %) | server ELD p99 ms | clients CPU % | placer CPU % |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...W.runs.map(
      ({ variant, rep, r }) =>
        `| ${variant} | ${rep} | ${f(r.acceptedPerSec)} | ${f(r.p50, 1)} / ${f(r.p99, 1)} | ${f(r.e2eP50, 1)} / ${f(r.e2eP99, 1)} | ${f(r.deliveredPct, 2)} | ${f(r.tickIntervalMs)} | ${f(r.serverCpuPct)} (${f(r.serverWaitPct)}) | ${f(r.serverEldP99Ms)} | ${f(r.clientCpuPct)} | ${f(r.placerCpuPct)} |`,
    ),
  ].join('\n');
}
