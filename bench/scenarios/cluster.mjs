// Several instances (issue 14): the same offered load against one instance and against
// three instances on one PostgreSQL database and one Redis, in the same run.
//  - fan-out: 3 instances × K sockets vs 1 instance × 3K sockets at `rate` placements/s
//    (placements spread evenly over the instances; sockets connected straight to each
//    instance, as nginx's `hash $remote_addr` would spread real clients);
//  - durable placements/s: SQLite 1 instance, PostgreSQL 1 and 3 instances (autocannon);
//  - the inputs of the capacity model: CPU per placement, per applied change and per
//    socket-frame on an instance, and PostgreSQL / Redis CPU per placement.
import { measureFanout, ReceiverPool, spawnHttpWorker } from '../lib/fanout.mjs';
import { createPlayers, detectAuthMode, openPlayerSockets } from '../lib/players.mjs';
import { createSharedStorage, PlacerGroup, startInstances, storageCpuMs } from '../lib/server-group.mjs';
import { benchEnv, startApi } from '../lib/server.mjs';
import { sleep } from '../lib/stats.mjs';
import { runPlacementThroughput } from './http.mjs';
import { line, medianOf } from './fanout-vs-naive.mjs';

const WIDTH = 1000;
const HEIGHT = 1000;

async function withTopology({ label, instances, storage, env }, use) {
  const group = await startInstances({ label, count: instances, storage, env });
  try {
    return await use(group);
  } finally {
    await group.stop();
    group.cleanup();
  }
}

async function fanoutOnce({ group, protocolPath, sockets, rate, durationMs, warmupMs, drainMs, placingUsers, log, label }) {
  const authMode = await detectAuthMode(group.base);
  const n = group.servers.length;
  const watchers = await createPlayers(group.base, authMode, sockets, { prefix: `${label}-w-` });
  const placers = await createPlayers(group.base, authMode, placingUsers, { prefix: `${label}-p-` });
  const pool = new ReceiverPool(protocolPath, Math.ceil(sockets / 4));
  const held = await openPlayerSockets(group.base, authMode, placers);
  const placerWorkers = group.servers.map((_, i) => spawnHttpWorker(`placer-${label}-${i + 1}`));
  const placer = new PlacerGroup(
    placerWorkers,
    group.servers.map((s) => s.base),
  );
  try {
    const each = Math.ceil(sockets / n);
    for (let i = 0; i < n; i++) {
      const count = Math.min(each, sockets - i * each);
      const conn = await pool.add(group.servers[i].base, count, {
        tokens: watchers.slice(i * each, i * each + count).map((p) => p.token),
        waitPlaying: authMode === 'token',
      });
      if (conn.failed) log?.(`  ${label}: ${conn.failed} sockets failed to connect to instance ${i + 1}: ${JSON.stringify(conn.errors)}`);
    }
    await sleep(1500);
    const perInstance0 = group.servers.map((s) => s.proc());
    const storage0 = storageCpuMs();
    const r = await measureFanout({
      server: group,
      pool,
      placer,
      players: placers,
      rate,
      durationMs,
      warmupMs,
      drainMs,
      width: WIDTH,
      height: HEIGHT,
      connections: 300,
    });
    const storage1 = storageCpuMs();
    const perInstance1 = group.servers.map((s) => s.proc());
    const wallMs = storage1.at - storage0.at;
    r.instances = n;
    r.instanceCpuPct = perInstance0.map((p0, i) => (p0 && perInstance1[i] ? ((perInstance1[i].cpuMs - p0.cpuMs) / (perInstance1[i].at - p0.at)) * 100 : NaN));
    r.postgresCpuPct = ((storage1.postgresMs - storage0.postgresMs) / wallMs) * 100;
    r.redisCpuPct = ((storage1.redisMs - storage0.redisMs) / wallMs) * 100;
    return r;
  } finally {
    held.close();
    await pool.stop();
    await placer.stop();
  }
}

async function throughputOnce({ label, servers, players, connections, durationS, log }) {
  const storage0 = storageCpuMs();
  const runs = await Promise.all(
    servers.map((server) =>
      runPlacementThroughput({ server, players, connections: Math.ceil(connections / servers.length), durationS, reps: 1, width: WIDTH, height: HEIGHT }),
    ),
  );
  const storage1 = storageCpuMs();
  const wallMs = storage1.at - storage0.at;
  const m = runs.map((r) => r.median);
  const result = {
    instances: servers.length,
    acceptedPerSec: m.reduce((n, r) => n + r.acceptedPerSec, 0),
    non2xx: m.reduce((n, r) => n + r.non2xx, 0),
    errors: m.reduce((n, r) => n + r.errors, 0),
    latencyP99: Math.max(...m.map((r) => r.latencyP99)),
    serverCpuPct: m.reduce((n, r) => n + r.serverCpuPct, 0),
    clientCpuPct: m.reduce((n, r) => n + r.clientCpuPct, 0),
    postgresCpuPct: ((storage1.postgresMs - storage0.postgresMs) / wallMs) * 100,
    redisCpuPct: ((storage1.redisMs - storage0.redisMs) / wallMs) * 100,
  };
  log?.(
    `  ${label}: ${result.acceptedPerSec.toFixed(0)} accepted/s (non-2xx ${result.non2xx}, errors ${result.errors}), p99 ${result.latencyP99} ms, instances ${result.serverCpuPct.toFixed(0)} % of a core, PostgreSQL ${result.postgresCpuPct.toFixed(0)} %, Redis ${result.redisCpuPct.toFixed(0)} %`,
  );
  return result;
}

async function playersFor(server, count, prefix) {
  const authMode = await detectAuthMode(server.base);
  const players = await createPlayers(server.base, authMode, count, { prefix });
  const held = await openPlayerSockets(server.base, authMode, players);
  return { players, held };
}

export async function runCluster({ protocolPath, fanout, place, log }) {
  const out = { fanout: { single: [], cluster: [] }, placements: { sqlite1: [], postgres1: [], postgres3: [] } };
  const env = { AFK_AFTER_MS: '3600000' };

  for (let rep = 0; rep < fanout.reps; rep++) {
    for (const instances of [1, 3]) {
      const storage = await createSharedStorage(`fan${instances}`);
      try {
        const r = await withTopology({ label: `cluster-fan${instances}`, instances, storage, env }, (group) =>
          fanoutOnce({ group, protocolPath, ...fanout, log, label: `c${instances}r${rep}` }),
        );
        out.fanout[instances === 1 ? 'single' : 'cluster'].push(r);
        log?.(
          `  ${instances} instance(s) rep ${rep + 1}: ${line(r)}; per instance ${r.instanceCpuPct.map((v) => v.toFixed(0)).join(' / ')} %, PostgreSQL ${r.postgresCpuPct.toFixed(0)} %, Redis ${r.redisCpuPct.toFixed(0)} %`,
        );
      } finally {
        await storage.drop();
      }
    }
  }

  for (let rep = 0; rep < place.reps; rep++) {
    const sqlite = await startApi({ label: 'cluster-sqlite', env: benchEnv() });
    try {
      const { players, held } = await playersFor(sqlite, place.users, `tq${rep}-`);
      try {
        out.placements.sqlite1.push(await throughputOnce({ label: `SQLite, 1 instance, rep ${rep + 1}`, servers: [sqlite], players, ...place, log }));
      } finally {
        held.close();
      }
    } finally {
      await sqlite.stop();
      sqlite.cleanup();
    }
    for (const instances of [1, 3]) {
      const storage = await createSharedStorage(`tput${instances}`);
      try {
        await withTopology({ label: `cluster-tput${instances}`, instances, storage, env }, async (group) => {
          const { players, held } = await playersFor(group, place.users, `tp${instances}r${rep}-`);
          try {
            out.placements[`postgres${instances}`].push(
              await throughputOnce({ label: `PostgreSQL + Redis, ${instances} instance(s), rep ${rep + 1}`, servers: group.servers, players, ...place, log }),
            );
          } finally {
            held.close();
          }
        });
      } finally {
        await storage.drop();
      }
    }
  }

  const single = medianOf(out.fanout.single);
  const cluster = medianOf(out.fanout.cluster);
  const placements = Object.fromEntries(Object.entries(out.placements).map(([k, runs]) => [k, { median: medianOf(runs), runs }]));
  return {
    config: { fanout, place },
    fanout: { single: { median: single, runs: out.fanout.single }, cluster: { median: cluster, runs: out.fanout.cluster } },
    ratio: {
      p99From201: cluster.p99WithMissing / single.p99WithMissing,
      p99FromSend: cluster.e2eP99WithMissing / single.e2eP99WithMissing,
    },
    placements,
    model: capacityModel({ single, cluster, placements, sockets: fanout.sockets }),
  };
}

/**
 * Per-instance CPU (ms of one core per second) = placements received × c_place
 * + changes applied × c_apply + sockets × ticks/s × c_frame, solved from the runs above.
 */
export function capacityModel({ single, cluster, placements, sockets, targetSockets = 100_000, targetRate = 1000, budgetPct = 70, tickMs = 50 }) {
  const pg1 = placements.postgres1.median;
  const pg3 = placements.postgres3.median;
  const placeMs = (pg1.serverCpuPct * 10) / pg1.acceptedPerSec; // ms of CPU per accepted placement, at saturation
  const ticksSingle = 1000 / single.tickIntervalMs;
  const frameMsRaw = (single.serverCpuPct * 10 - single.acceptedPerSec * placeMs) / (sockets * ticksSingle);
  const frameMs = Math.max(0, frameMsRaw);
  const perInstanceCpuMs = (cluster.serverCpuPct * 10) / 3;
  const ticksCluster = 1000 / cluster.tickIntervalMs;
  const rate = cluster.acceptedPerSec;
  const applyMsRaw = (perInstanceCpuMs - (rate / 3) * placeMs - (sockets / 3) * ticksCluster * frameMs) / rate;
  const applyMs = Math.max(0, applyMsRaw);
  const budgetMs = budgetPct * 10;
  const ticks = 1000 / tickMs;
  // N processes: (targetRate / N)·placeMs + targetRate·applyMs + (targetSockets / N)·ticks·frameMs ≤ budgetMs
  const fixed = targetRate * applyMs;
  const processes = fixed >= budgetMs ? Infinity : Math.ceil((targetRate * placeMs + targetSockets * ticks * frameMs) / (budgetMs - fixed));
  const postgresMsPerPlacement = (pg3.postgresCpuPct * 10) / pg3.acceptedPerSec;
  const redisMsPerPlacement = (pg3.redisCpuPct * 10) / pg3.acceptedPerSec;
  return {
    placeMs,
    frameMs,
    applyMs,
    // a constant solved below zero means the runs were too noisy to separate it
    solved: frameMsRaw >= 0 && applyMsRaw >= 0,
    budgetPct,
    tickMs,
    targetSockets,
    targetRate,
    processes,
    twoCoreInstances: Math.ceil(processes / 2),
    postgresMsPerPlacement,
    redisMsPerPlacement,
    postgresSaturatesAtPerCore: 1000 / postgresMsPerPlacement,
    redisSaturatesAt: 1000 / redisMsPerPlacement,
  };
}
