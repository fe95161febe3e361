#!/usr/bin/env node
// Pixel Wars benchmark harness: `npm run bench` (full, ≈ 5 min, rewrites
// docs/benchmarks.md) or `npm run bench -- --quick` (< 1 min, writes bench/out only).
// Flags: --quick, --only=snapshots,placements,gets,fanout,snapload,launch,cluster,hotpath,fanout-ref, --steps=500,2000,
// --hotpath-baseline=<main.js>[,<main.js>…] (issue 17: older server bundles beside the product in the hotpath section),
// --hotpath-env=NAME=value[,…] (the product again with that setting, same section),
// fanout-ref (issue 17: product vs the paced plain `ws` reference at 2,000/5,000/10,000 sockets;
// --fanout-ref-sockets=N[,N…] to choose the counts, --fanout-ref-env=NAME=value[,…] the product again with
// that setting in the same alternation; --write-fanout-ref rewrites only its section),
// --only=wsref (issue 8 investigation, never part of the full run: real server vs a plain
// `ws` reference server at 5,000 sockets × 1,000 placements/s; --wsref-sockets=N, --wsref-tick=MS),
// --reps=N, --no-build / --build, --write / --no-write. Loopback only; every loop and wait
// is bounded in count and time. BENCH_CPU_PROF=<dir> writes V8 CPU profiles of the servers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProtocol, buildServer, OUT, ROOT } from './lib/build.mjs';
import { realisticCanvas } from './lib/canvas-gen.mjs';
import { createPlayers, detectAuthMode } from './lib/players.mjs';
import { loadAverage, machineInfo } from './lib/procstat.mjs';
import { autoNotes, fanoutRunsTable, figuresTable, launchTable, renderDoc, writeDoc } from './lib/report.mjs';
import { benchEnv, freePort, startApi } from './lib/server.mjs';
import { runCluster } from './scenarios/cluster.mjs';
import { clusterSection, readClusterSection, writeClusterSection } from './lib/cluster-report.mjs';
import { hotpathSection, readHotpathSection, writeHotpathSection } from './lib/hotpath-report.mjs';
import { runHotpath } from './scenarios/hotpath.mjs';
import { runFanoutRef } from './scenarios/fanout-ref.mjs';
import { fanoutRefLines, fanoutRefSection, fanoutRefTable, readFanoutRefSection, writeFanoutRefSection } from './lib/fanout-ref-report.mjs';
import { runFanoutComparison } from './scenarios/fanout-vs-naive.mjs';
import { runPlacementThroughput, runSnapshotGets } from './scenarios/http.mjs';
import { runLaunch } from './scenarios/launch.mjs';
import { runMemory } from './scenarios/memory.mjs';
import { runSnapshotOffline } from './scenarios/snapshot-offline.mjs';
import { runWsReference, wsrefTable } from './scenarios/wsref.mjs';
import { combineSnapshotRuns, runSnapshotUnderLoad } from './scenarios/snapshot-load.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const QUICK = flag('quick');
const ALL = ['snapshots', 'gets', 'placements', 'fanout', 'snapload', 'memory', 'launch', 'cluster', 'hotpath', 'fanout-ref'];
const KNOWN = [...ALL, 'wsref'];
const only = option('only')?.split(',') ?? ALL;
for (const o of only) if (!KNOWN.includes(o)) throw new Error(`--only: unknown section "${o}" (known: ${KNOWN.join(', ')})`);
const partial = !ALL.every((o) => only.includes(o)) || only.some((o) => !ALL.includes(o));
const write = flag('write') || (!QUICK && !partial && !flag('no-write'));
const repsOverride = option('reps') ? Number(option('reps')) : undefined;

const CONFIG = QUICK
  ? {
      snapshotReps: 2,
      place: { connections: 400, durationS: 3, reps: 1, users: 32 },
      gets: { connections: 64, durationS: 1.5, reps: 1 },
      fanout: { sockets: 2000, workers: 4, rate: 1000, durationMs: 3000, warmupMs: 1000, drainMs: 700, naiveDrainMs: 1000, reps: 1, placingUsers: 50 },
      snapLoad: { rate: 1000, idleMs: 1100, loadMs: 3500, users: 32, baseline: false, reps: 1 },
      memory: { sockets: 1000, perWorker: 1250 },
      launch: {
        steps: [1000],
        rate: 1000,
        durationMs: 3000,
        warmupMs: 1000,
        drainMs: 700,
        guests: { count: 500, pollMs: 5000 },
        perWorker: 1250,
        cooldownMs: 100,
      },
      cluster: {
        fanout: { sockets: 900, rate: 1000, durationMs: 3000, warmupMs: 1000, drainMs: 1000, placingUsers: 30, reps: 1 },
        place: { connections: 150, durationS: 3, users: 30, reps: 1 },
      },
      wsref: {
        sockets: 1000,
        rate: 1000,
        durationMs: 3000,
        warmupMs: 1000,
        drainMs: 700,
        guests: { count: 500, pollMs: 5000 },
        perWorker: 1250,
        cooldownMs: 100,
        reps: 1,
      },
      hotpath: { connections: 50, durationS: 3, reps: 1 },
      fanoutRef: { sizes: [2000], rate: 1000, durationMs: 4000, warmupMs: 1000, drainMs: 1000, perWorker: 1250, cooldownMs: 100, reps: 1 },
    }
  : {
      snapshotReps: 7,
      place: { connections: 400, durationS: 8, reps: 3, users: 32 },
      gets: { connections: 64, durationS: 5, reps: 3 },
      fanout: { sockets: 2000, workers: 4, rate: 1000, durationMs: 8000, warmupMs: 1500, drainMs: 1000, naiveDrainMs: 3000, reps: 3, placingUsers: 50 },
      snapLoad: { rate: 1000, idleMs: 2000, loadMs: 8000, users: 32, baseline: true, reps: 2 },
      memory: { sockets: 5000, perWorker: 1250 },
      launch: {
        steps: [500, 2000, 5000, 10_000],
        rate: 1000,
        durationMs: 10_000,
        warmupMs: 2000,
        drainMs: 1500,
        guests: { count: 1000, pollMs: 5000 },
        perWorker: 1250,
        cooldownMs: 100,
      },
      // issue 14: 3 instances × 1,000 sockets vs 1 instance × 3,000 at 1,000 placements/s
      cluster: {
        fanout: { sockets: 3000, rate: 1000, durationMs: 8000, warmupMs: 2000, drainMs: 1500, placingUsers: 60, reps: 2 },
        place: { connections: 300, durationS: 6, users: 60, reps: 2 },
      },
      // launch day's 5,000-player step, against the real and the plain ws reference server
      wsref: {
        sockets: 5000,
        rate: 1000,
        durationMs: 10_000,
        warmupMs: 2000,
        drainMs: 1500,
        guests: { count: 1000, pollMs: 5000 },
        perWorker: 1250,
        cooldownMs: 100,
        reps: 1,
      },
      // issue 17: the product vs a bare node:http reference doing the same durable work
      hotpath: { connections: 50, durationS: 6, reps: 3 },
      // issue 17: the product vs the paced plain ws reference, same receivers and placer
      fanoutRef: { sizes: [2000, 5000, 10_000], rate: 1000, durationMs: 10_000, warmupMs: 2000, drainMs: 1500, perWorker: 1250, cooldownMs: 100, reps: 2 },
    };
if (option('wsref-sockets')) CONFIG.wsref.sockets = Number(option('wsref-sockets'));
if (option('wsref-tick')) CONFIG.wsref.tickMs = Number(option('wsref-tick'));
if (option('fanout-ref-sockets')) CONFIG.fanoutRef.sizes = option('fanout-ref-sockets').split(',').map(Number);
if (option('steps')) CONFIG.launch.steps = option('steps').split(',').map(Number);
if (repsOverride) {
  CONFIG.place.reps = repsOverride;
  CONFIG.gets.reps = repsOverride;
  CONFIG.fanout.reps = repsOverride;
  CONFIG.wsref.reps = repsOverride;
  CONFIG.hotpath.reps = repsOverride;
  CONFIG.fanoutRef.reps = repsOverride;
}

const t0 = Date.now();
const log = (line) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);

function git(...a) {
  try {
    return execFileSync('git', a, { cwd: ROOT }).toString().trim();
  } catch {
    return '';
  }
}

/** Newest mtime under dir (bounded walk; node_modules never entered). */
function newestMtime(dir, depth = 0) {
  if (!existsSync(dir) || depth > 12) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p, depth + 1) : statSync(p).mtimeMs);
  }
  return newest;
}

function serverBundleIsFresh() {
  const built = join(ROOT, 'dist', 'apps', 'api', 'main.js');
  if (!existsSync(built)) return false;
  const sources = Math.max(newestMtime(join(ROOT, 'apps', 'api', 'src')), newestMtime(join(ROOT, 'libs', 'protocol', 'src')));
  return statSync(built).mtimeMs > sources;
}

const R = { notes: [] };
const cleanups = [];
async function cleanupAll() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
}
process.on('SIGINT', () => {
  void cleanupAll().then(() => process.exit(130));
});

/** --render=<results.json>: rewrite docs/benchmarks.md from a saved run (report changes only). */
function renderSaved(path) {
  const revive = (k, v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : v);
  const saved = JSON.parse(readFileSync(path, 'utf8'), revive);
  saved.notes = (saved.notes ?? []).filter((n) => !saved.autoNotes?.includes(n));
  saved.autoNotes = autoNotes(saved);
  saved.notes.push(...saved.autoNotes);
  writeDoc(join(ROOT, 'docs', 'benchmarks.md'), saved);
  log(`re-rendered docs/benchmarks.md from ${path}`);
}

async function main() {
  if (option('render')) return renderSaved(option('render'));
  const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const machine = machineInfo();
  const dirty = git('status', '--porcelain', '--', 'apps', 'libs').length > 0;
  R.meta = {
    command,
    mode: QUICK ? 'quick' : partial ? `only ${only.join(',')}` : 'full',
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    dirty,
    machine,
    loadBefore: loadAverage(),
    socketIo: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'socket.io', 'package.json'), 'utf8')).version,
  };
  log(
    `Pixel Wars bench (${R.meta.mode}) on ${machine.nproc} × ${machine.cpuModel}, Node ${machine.node}, commit ${R.meta.commit}${dirty ? ' + local changes' : ''}, load ${R.meta.loadBefore}`,
  );

  const protocolPath = await buildProtocol();
  const protocol = await import(protocolPath);
  const needServer = only.some((o) => o !== 'snapshots');
  if (needServer) {
    const skip = flag('no-build') || (!flag('build') && serverBundleIsFresh());
    log(skip ? 'server bundle is up to date (dist/apps/api/main.js); not rebuilding' : 'building the server (npx nest build api)…');
    buildServer({ skip });
  }

  if (only.includes('snapshots')) {
    log('figure 2: snapshot size, compression and decoding (no server)');
    R.snapshotOffline = await runSnapshotOffline({ protocol, reps: CONFIG.snapshotReps, log });
  }

  const seed1000 = realisticCanvas(1000, 1000);
  if (only.some((o) => ['gets', 'placements', 'fanout'].includes(o))) {
    const api = await startApi({ label: 'api-1000', env: benchEnv(), seed: seed1000 });
    cleanups.push(async () => {
      await api.stop();
      api.cleanup();
    });
    const check = protocol.decodeSnapshot(new Uint8Array(await (await fetch(`${api.base}/api/canvas`)).arrayBuffer()));
    if (check.pixels[5 * 1000 + 5] !== seed1000[5 * 1000 + 5] || check.pixels.some((v, i) => v !== seed1000[i]))
      R.notes.push('the 1000×1000 server did not start from the seeded canvas (checkpoint format changed?): figures use its blank canvas');
    const authMode = await detectAuthMode(api.base);
    R.meta.authMode = authMode;
    log(`server up at ${api.base} (pid ${api.pid}); placement auth mode: ${authMode}`);

    if (only.includes('gets')) {
      log(`figure 3: GET /api/canvas 200 and 304 (autocannon ${CONFIG.gets.connections} connections, ${CONFIG.gets.durationS} s × ${CONFIG.gets.reps})`);
      R.gets = await runSnapshotGets({ ...CONFIG.gets, server: api, log });
    }
    if (only.includes('placements')) {
      const players = await createPlayers(api.base, authMode, CONFIG.place.users, { prefix: 'tput-' });
      const { openPlayerSockets } = await import('./lib/players.mjs');
      const held = await openPlayerSockets(api.base, authMode, players);
      log(
        `figure 1: accepted placements/s (autocannon ${CONFIG.place.connections} connections, ${players.length} users${held.sockets.length ? `, ${held.sockets.length} player sockets held` : ''})`,
      );
      try {
        R.placements = await runPlacementThroughput({ ...CONFIG.place, server: api, players, width: 1000, height: 1000, log });
      } finally {
        held.close();
      }
    }
    if (only.includes('fanout')) {
      const F = CONFIG.fanout;
      const players = await createPlayers(api.base, authMode, F.sockets, { prefix: 'fan-' });
      log(`figure 4: fan-out ${F.sockets} sockets × ${F.rate}/s, batched (server) vs naive per-placement emit, ${F.reps} rep(s)`);
      R.fanout = await runFanoutComparison({
        ...F,
        api,
        protocolPath,
        authMode,
        players,
        placingUsers: players.slice(0, F.placingUsers),
        width: 1000,
        height: 1000,
        log,
      });
    }
    await cleanupAll();
  }

  if (only.includes('snapload')) {
    const S = CONFIG.snapLoad;
    const seed = realisticCanvas(2000, 2000);
    // The real configuration and (full run) the same load with periodic snapshots
    // switched off, alternating on fresh servers: the difference is what snapshotting
    // costs. Each variant's figure is the median over all its 1-s windows.
    const variants = [{ label: 'api-2000', env: {}, key: 'snapshotLoad' }];
    if (S.baseline) variants.push({ label: 'api-2000-nosnap', env: { SNAPSHOT_EVERY: '1000000', GUEST_POLL_MS: '3600000' }, key: 'snapshotLoadBaseline' });
    const runs = Object.fromEntries(variants.map((v) => [v.key, []]));
    for (let rep = 0; rep < S.reps; rep++) {
      for (const v of variants) {
        const api = await startApi({ label: v.label, env: benchEnv({ CANVAS_WIDTH: '2000', CANVAS_HEIGHT: '2000', ...v.env }), seed });
        cleanups.push(async () => {
          await api.stop();
          api.cleanup();
        });
        const snap = new Uint8Array(await (await fetch(`${api.base}/api/canvas`)).arrayBuffer());
        const check = protocol.decodeSnapshot(snap);
        if (check.width !== 2000 || check.pixels.some((p, i) => p !== seed[i]))
          R.notes.push(`${v.label}: the 2000×2000 server did not start from the seeded canvas: the event-loop figure ran on a blank canvas`);
        const authMode = await detectAuthMode(api.base);
        R.meta.authMode ??= authMode;
        const players = await createPlayers(api.base, authMode, S.users, { prefix: 'snap-' });
        log(
          `figure 2: event-loop delay on 2000×2000 (served snapshot ${(snap.length / 1024).toFixed(0)} KB) under ${S.rate} placements/s, ${v.key === 'snapshotLoad' ? 'periodic snapshots on (every 100 versions)' : 'baseline: periodic snapshots off'}, rep ${rep + 1}/${S.reps}`,
        );
        runs[v.key].push(await runSnapshotUnderLoad({ ...S, api, authMode, players, width: 2000, height: 2000, log }));
        await cleanupAll();
      }
    }
    for (const v of variants) R[v.key] = combineSnapshotRuns(runs[v.key]);
  }

  if (only.includes('memory')) {
    const inspectPort = await freePort();
    const api = await startApi({ label: 'api-memory', env: benchEnv(), nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`] });
    cleanups.push(async () => {
      await api.stop();
      api.cleanup();
    });
    const authMode = await detectAuthMode(api.base);
    R.meta.authMode ??= authMode;
    log(`figure 5: server memory per idle socket (${CONFIG.memory.sockets} sockets on a fresh server, no load)`);
    R.memory = await runMemory({ ...CONFIG.memory, api, inspectPort, protocolPath, authMode, log });
    await cleanupAll();
  }

  if (only.includes('launch')) {
    const L = CONFIG.launch;
    const api = await startApi({ label: 'api-launch', env: benchEnv({ COOLDOWN_MS: String(L.cooldownMs) }), seed: seed1000 });
    cleanups.push(async () => {
      await api.stop();
      api.cleanup();
    });
    const authMode = await detectAuthMode(api.base);
    R.meta.authMode ??= authMode;
    R.meta.launchCooldownMs = L.cooldownMs;
    log(`figure 5: launch day, steps ${L.steps.join(', ')} players, ${L.rate}/s, ${L.guests.count} guests`);
    R.launch = await runLaunch({ ...L, api, protocolPath, authMode, width: 1000, height: 1000, log });
    await cleanupAll();
  }

  if (only.includes('cluster')) {
    const C = CONFIG.cluster;
    log(
      `issue 14: several instances on PostgreSQL + Redis: fan-out 1 × ${C.fanout.sockets} vs 3 × ${C.fanout.sockets / 3} sockets at ${C.fanout.rate}/s; placements/s SQLite vs PostgreSQL, 1 and 3 instances`,
    );
    R.cluster = await runCluster({ protocolPath, fanout: C.fanout, place: C.place, log });
  }

  if (only.includes('hotpath')) {
    const H = CONFIG.hotpath;
    const baselines = option('hotpath-baseline')?.split(',') ?? [];
    log(
      `issue 17: durable placements/s, product${baselines.length ? `, ${baselines.join(', ')}` : ''} and the bare node:http reference alternating, ${H.connections} connections, ${H.durationS} s × ${H.reps}`,
    );
    const envFlag = args.find((a) => a.startsWith('--hotpath-env='));
    const envVariants = envFlag ? envFlag.slice('--hotpath-env='.length).split(',') : [];
    R.hotpath = await runHotpath({ ...H, width: 1000, height: 1000, baselines, envVariants, log });
  }

  if (only.includes('fanout-ref')) {
    const F = CONFIG.fanoutRef;
    log(
      `issue 17: fan-out send→receipt p99, product (paced tick) vs the paced plain ws reference, ${F.sizes.join(' / ')} sockets × ${F.rate}/s, alternating, ${F.reps} rep(s)`,
    );
    const envFlag = args.find((a) => a.startsWith('--fanout-ref-env='));
    const envVariants = envFlag ? envFlag.slice('--fanout-ref-env='.length).split(',') : [];
    R.fanoutRef = await runFanoutRef({ ...F, protocolPath, seed: seed1000, width: 1000, height: 1000, envVariants, cleanups, log });
    R.meta.authMode ??= R.fanoutRef.authMode;
  }

  if (only.includes('wsref')) {
    const W = CONFIG.wsref;
    log(
      `issue 8: is Socket.IO the wall? ${W.sockets} sockets × ${W.rate}/s + ${W.guests.count} guests, ${W.tickMs ?? 50} ms tick, real server vs plain ws reference server, ${W.reps} rep(s)`,
    );
    R.wsref = await runWsReference({ ...W, protocolPath, seed: seed1000, width: 1000, height: 1000, log });
    R.meta.authMode ??= R.wsref.authMode;
  }

  R.meta.loadAfter = loadAverage();
  R.meta.durationS = (Date.now() - t0) / 1000;
  R.autoNotes = autoNotes(R);
  R.notes.push(...R.autoNotes);
  mkdirSync(OUT, { recursive: true });
  const stamp = R.meta.date.replace(/[:]/g, '-');
  writeFileSync(
    join(OUT, `results-${stamp}.json`),
    JSON.stringify(R, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2),
  );
  const doc = renderDoc(R, '');
  writeFileSync(join(OUT, 'last-run.md'), doc);
  console.log(`\n${figuresTable(R)}\n`);
  if (R.fanout) console.log(`${fanoutRunsTable(R.fanout)}\n`);
  if (R.launch) console.log(`${launchTable(R.launch)}\n`);
  if (R.wsref) console.log(`${wsrefTable(R.wsref)}\n`);
  for (const n of R.notes) console.log(`note: ${n}`);
  if (R.cluster) {
    const c = R.cluster;
    console.log(
      `cluster: p99 ratio ${c.ratio.p99From201.toFixed(2)}× (from the 201), ${c.ratio.p99FromSend.toFixed(2)}× (from the send); placements/s SQLite ${c.placements.sqlite1.median.acceptedPerSec.toFixed(0)}, PostgreSQL 1 × ${c.placements.postgres1.median.acceptedPerSec.toFixed(0)}, 3 × ${c.placements.postgres3.median.acceptedPerSec.toFixed(0)}; model ${c.model.processes} processes = ${c.model.twoCoreInstances} two-core instances`,
    );
    writeFileSync(join(OUT, 'cluster.md'), clusterSection(R.cluster, R.meta));
  }
  if (R.hotpath) {
    const h = R.hotpath;
    const ref = h.runs.reference.median.acceptedPerSec;
    const others = Object.keys(h.runs)
      .filter((k) => k !== 'product' && k !== 'reference')
      .map((k) => `, ${k} ${h.runs[k].median.acceptedPerSec.toFixed(0)}/s (${(h.runs[k].median.acceptedPerSec / ref).toFixed(2)}×)`);
    console.log(
      `hotpath: product ${h.runs.product.median.acceptedPerSec.toFixed(0)}/s${others.join('')}, reference ${ref.toFixed(0)}/s: ratio ${h.ratio.toFixed(2)}×`,
    );
    writeFileSync(join(OUT, 'hotpath.md'), hotpathSection(h, R.meta));
  }
  if (R.fanoutRef) {
    console.log(`${fanoutRefTable(R.fanoutRef)}\n`);
    for (const l of fanoutRefLines(R.fanoutRef)) console.log(l);
    writeFileSync(join(OUT, 'fanout-ref.md'), fanoutRefSection(R.fanoutRef, R.meta));
  }
  if (write || (flag('write-cluster') && R.cluster) || (flag('write-hotpath') && R.hotpath) || (flag('write-fanout-ref') && R.fanoutRef)) {
    const docPath = join(ROOT, 'docs', 'benchmarks.md');
    const keptCluster = readClusterSection(docPath);
    const keptHotpath = readHotpathSection(docPath);
    const keptFanoutRef = readFanoutRefSection(docPath);
    if (write) writeDoc(docPath, R);
    const cluster = R.cluster ? clusterSection(R.cluster, R.meta) : keptCluster;
    if (cluster) writeClusterSection(docPath, cluster);
    const hotpath = R.hotpath ? hotpathSection(R.hotpath, R.meta) : keptHotpath;
    if (hotpath) writeHotpathSection(docPath, hotpath);
    const fanoutRef = R.fanoutRef ? fanoutRefSection(R.fanoutRef, R.meta) : keptFanoutRef;
    if (fanoutRef) writeFanoutRefSection(docPath, fanoutRef);
    log(!write ? 'wrote the cluster/hotpath/fanout-ref section(s) of docs/benchmarks.md' : 'wrote docs/benchmarks.md');
  } else {
    log(`not writing docs/benchmarks.md (${QUICK ? 'quick' : partial ? 'partial' : '--no-write'} run; pass --write to force); report in bench/out/last-run.md`);
  }
  log(`done in ${R.meta.durationS.toFixed(0)} s`);
}

const watchdog = setTimeout(
  () => {
    console.error('bench: global time limit reached, stopping');
    void cleanupAll().then(() => process.exit(2));
  },
  QUICK ? 300_000 : 45 * 60_000,
);
watchdog.unref();

main()
  .catch(async (error) => {
    console.error(error?.stack ?? error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanupAll();
    clearTimeout(watchdog);
  });
