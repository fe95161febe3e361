// Figure 4: fan-out of the real (batched, one base64 frame per tick) server against the
// naive per-placement JSON emit server, under the identical offered load, in the same
// run: reps alternate batched / naive, each on freshly connected sockets.
import { fileURLToPath } from 'node:url';
import { measureFanout, ReceiverPool, spawnHttpWorker } from '../lib/fanout.mjs';
import { startScript } from '../lib/server.mjs';
import { median, sleep } from '../lib/stats.mjs';

const NAIVE_SCRIPT = fileURLToPath(new URL('../naive-server.mjs', import.meta.url));

export async function runFanoutComparison({
  api,
  protocolPath,
  authMode,
  players,
  placingUsers,
  sockets,
  workers,
  rate,
  durationMs,
  warmupMs,
  drainMs,
  naiveDrainMs,
  reps,
  width,
  height,
  log,
}) {
  const pool = new ReceiverPool(protocolPath);
  const placer = spawnHttpWorker('placer');
  const batched = [];
  const naive = [];
  const tokens = players.map((p) => p.token);
  try {
    for (let rep = 0; rep < reps; rep++) {
      const conn = await pool.add(api.base, sockets, { workers, tokens, waitPlaying: authMode === 'token' });
      if (conn.failed) log?.(`  batched: ${conn.failed} sockets failed to connect: ${JSON.stringify(conn.errors)}`);
      const b = await measureFanout({ server: api, pool, placer, players: placingUsers, rate, durationMs, warmupMs, drainMs, width, height, connections: 500 });
      b.connectMs = conn.ms;
      b.statusesAtConnect = conn.statuses;
      batched.push(b);
      log?.(`  batched rep ${rep + 1}: ${line(b)}`);
      await pool.closeAll();
      await sleep(300);

      const server = await startScript({ label: 'naive', script: NAIVE_SCRIPT, env: { CANVAS_WIDTH: String(width), CANVAS_HEIGHT: String(height) } });
      try {
        const nconn = await pool.add(server.base, sockets, { workers });
        if (nconn.failed) log?.(`  naive: ${nconn.failed} sockets failed to connect: ${JSON.stringify(nconn.errors)}`);
        const n = await measureFanout({
          server,
          pool,
          placer,
          players: placingUsers,
          rate,
          durationMs,
          warmupMs,
          drainMs: naiveDrainMs,
          width,
          height,
          connections: 500,
          placerDrainMs: naiveDrainMs,
        });
        naive.push(n);
        log?.(`  naive   rep ${rep + 1}: ${line(n)}`);
        await pool.closeAll();
      } finally {
        await server.stop(5000);
        server.cleanup();
      }
      await sleep(300);
    }
  } finally {
    await pool.stop();
    await placer.stop();
  }
  const ratios = batched.map((b, i) => ({
    updatesDelivered: b.updatesDeliveredPerSec / naive[i].updatesDeliveredPerSec,
    accepted: b.acceptedPerSec / naive[i].acceptedPerSec,
    e2eP99: naive[i].e2eP99 / b.e2eP99,
    serverCpu: naive[i].serverCpuPct / b.serverCpuPct,
  }));
  return {
    sockets,
    workers,
    rate,
    durationMs,
    warmupMs,
    drainMs,
    naiveDrainMs,
    reps,
    placingUsers: placingUsers.length,
    batched: { median: medianOf(batched), runs: batched },
    naive: { median: medianOf(naive), runs: naive },
    ratio: medianOf(ratios),
  };
}

export function line(r) {
  const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : String(v));
  return (
    `${r.sockets} sockets, accepted ${f(r.acceptedPerSec)}/s (offered ${r.offeredPerSec}/s, skipped ${r.skipped}${r.abandoned ? `, abandoned ${r.abandoned}` : ''}${r.codes && Object.keys(r.codes).length ? `, refused ${JSON.stringify(r.codes)}` : ''}), ` +
    `201→receipt p50 ${f(r.p50, 1)} p99 ${f(r.p99, 1)} max ${f(r.max, 1)} ms, send→receipt p50 ${f(r.e2eP50, 1)} p99 ${f(r.e2eP99, 1)} ms, spread p99 ${f(r.spreadP99, 1)} ms${Number.isFinite(r.requestP99) ? `, request p50/p99 ${f(r.requestP50, 1)}/${f(r.requestP99, 1)} ms, 201→first receipt p50/p99 ${f(r.toFirstP50, 1)}/${f(r.toFirstP99, 1)} ms` : ''}, ` +
    `delivered ${f(r.deliveredPct, 2)} % (${f(r.updatesDeliveredPerSec / 1000)}k updates/s), server CPU ${f(r.serverCpuPct)} % (waited ${f(r.serverWaitPct)} %) ELD p99 ${f(r.serverEldP99Ms)} ms${Number.isFinite(r.tickIntervalMs) ? `, tick ${f(r.tickIntervalMs)} ms` : ''}, ` +
    `clients CPU ${f(r.clientCpuPct)} % (ELD p99 ≤ ${f(r.clientEldP99MaxMs)} ms), placer ${f(r.placerCpuPct)} %`
  );
}

/** Median of every numeric field over runs. */
export function medianOf(runs) {
  const out = {};
  for (const key of Object.keys(runs[0] ?? {})) {
    if (typeof runs[0][key] === 'number') out[key] = median(runs.map((r) => r[key]));
  }
  return out;
}
