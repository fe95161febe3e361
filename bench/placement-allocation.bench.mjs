// What one durable placement allocates, in process, without HTTP: the controller's
// parsePlacement, then the real PlacementService → LocalPlacementGate → CanvasService
// (write pipeline, group commit in one SQLite WAL transaction in a temp dir, applier, pool)
// → LocalPresenceService (AFK window, status coalescing). 500 playing users, 50 placements
// in flight (50 lanes, each awaiting its placement before the next, like the HTTP bench's
// 50 connections); users and captcha are stand-ins that allocate nothing.
//
// Figures (median of the reps):
// - bytesPerPlacement: JS heap bytes allocated per placement, measured exactly: each window
//   of WINDOW placements runs after a full GC with a young generation large enough that no
//   GC happens inside it (checked with the 'gc' performance entries; a window with a GC is
//   discarded), so the growth of the used heap is what the window allocated. It includes
//   the driver's own share (one lane step ≈ an await), the same for every source tree.
// - placementsPerSecond, cpuMicrosPerPlacement (the process's CPU time ÷ placements: steadier
//   than wall time on a shared machine) and gcShare (GC pause time ÷ wall time, 'gc' performance entries)
//   from a run with the default heap settings.
// - topAllocations (with --profile): a sampling heap profile of the window (samples of
//   objects that died young included), bytes per placement per allocating function.
//
// Run: node bench/placement-allocation.bench.mjs [--src=DIR]... [--placements=N] [--reps=N] [--profile] [--semi-space-mb=128]
// Each --src is a checkout of the project (default: this one); with several, they are
// measured alternately in one run (ratios between them are what counts on a shared box).
// Example (before/after on one run):
//   git archive <base> apps/api/src libs/protocol/src | (mkdir -p /tmp/base && tar -x -C /tmp/base)
//   node bench/placement-allocation.bench.mjs --src=/tmp/base --src=. --reps=5
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from './lib/build.mjs';
import { importSources } from './lib/source-bundle.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const USERS = 500;
const LANES = 50;
const WINDOW = 5000;

if (!process.env.PLACEMENT_ALLOCATION_CHILD) {
  const sources = args.filter((a) => a.startsWith('--src=')).map((a) => resolve(a.slice(6)));
  if (sources.length === 0) sources.push(ROOT);
  const reps = Number(option('reps', 3));
  const rest = args.filter((a) => !a.startsWith('--src=') && !a.startsWith('--reps='));
  const runs = sources.map(() => []);
  for (let rep = 0; rep < reps; rep++) {
    sources.forEach((src, i) => {
      // allocation with a young generation large enough for a whole window; speed and GC share with the default heap
      const child = (flags, mode) => {
        const run = spawnSync(process.execPath, [...flags, import.meta.filename, `--src=${src}`, `--mode=${mode}`, ...rest], {
          env: { ...process.env, PLACEMENT_ALLOCATION_CHILD: '1' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        if (run.status !== 0) throw new Error(`${mode} run of ${src} failed (${run.status})`);
        return JSON.parse(run.stdout);
      };
      const allocation = child(
        ['--expose-gc', `--min-semi-space-size=${option('semi-space-mb', 128)}`, `--max-semi-space-size=${option('semi-space-mb', 128)}`],
        'allocation',
      );
      runs[i].push({ ...allocation, ...child(['--expose-gc'], 'speed') });
    });
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const summary = sources.map((src, i) => ({
    src,
    bytesPerPlacement: median(runs[i].map((r) => r.bytesPerPlacement)),
    externalBytesPerPlacement: median(runs[i].map((r) => r.externalBytesPerPlacement)),
    placementsPerSecond: median(runs[i].map((r) => r.placementsPerSecond)),
    cpuMicrosPerPlacement: median(runs[i].map((r) => r.cpuMicrosPerPlacement)),
    gcSharePercent: median(runs[i].map((r) => r.gcSharePercent)),
    runs: runs[i].map(({ topAllocations, ...r }) => r),
    topAllocations: runs[i][0].topAllocations,
  }));
  console.log(JSON.stringify({ node: process.version, loadAverage: execFileSync('uptime', { encoding: 'utf8' }).trim(), reps, summary }, null, 2));
  process.exit(0);
}

const SRC = resolve(option('src', ROOT));
const PLACEMENTS = Number(option('placements', 60000));
const PROFILE = args.includes('--profile');
const MODE = option('mode', 'allocation');

const m = await importSources(
  `placement-allocation-${SRC.replace(/[^a-z0-9]+/gi, '_')}`,
  {
    'placement/placement.service.ts': ['PlacementService'],
    'placement/placement.validation.ts': ['parsePlacement'],
    'placement/local-placement-gate.ts': ['LocalPlacementGate'],
    'presence/local-presence.service.ts': ['LocalPresenceService'],
    'canvas/canvas.service.ts': ['CanvasService'],
    'canvas/change-feed.ts': ['LocalChangeFeed'],
    'canvas/sqlite-placement-log.repository.ts': ['SqlitePlacementLogRepository'],
    'storage/sqlite-database.ts': ['SqliteDatabase'],
    'cluster/local-cluster-bus.ts': ['LocalClusterBus'],
    'config/configuration.service.ts': ['ConfigurationService'],
    'config/app-config.ts': ['loadAppConfig'],
  },
  SRC,
);
const { Logger } = await import('@nestjs/common');
Logger.overrideLogger(false);
const { PerformanceObserver, performance } = await import('node:perf_hooks');
const v8 = await import('node:v8');

const dataDir = mkdtempSync(join(tmpdir(), 'pw-alloc-'));
// cooldown 1 ms and 10 charges: every placement goes through the charge arithmetic and none is refused
const config = m.loadAppConfig({
  COOLDOWN_MS: '1',
  PIXEL_CHARGES: '10',
  AFK_AFTER_MS: '600000',
  MAX_PLAYERS: '100000',
  CANVAS_WIDTH: '256',
  CANVAS_HEIGHT: '256',
  DATA_DIR: dataDir,
});
const configuration = new m.ConfigurationService(config);
const database = new m.SqliteDatabase(configuration);
const canvas = new m.CanvasService(configuration, new m.SqlitePlacementLogRepository(database), new m.LocalChangeFeed(), new m.LocalClusterBus('bench'));
await canvas.onModuleInit();
const users = { isBanned: () => false, notePixelPlaced: () => undefined };
const captcha = { enabled: false };
const load = { verdict: () => ({ overloaded: false }) };
const presence = new m.LocalPresenceService(configuration, users, load);
const principals = Array.from({ length: USERS }, (_, i) => ({ userId: `bench-user-${i}`, name: `Bench ${i}`, sessionNumber: 1, role: 'player' }));
for (const principal of principals) {
  presence.connect({ id: `s-${principal.userId}`, data: { principal }, emit: () => true, disconnect: () => undefined });
}
const gate = new m.LocalPlacementGate(presence, configuration);
const placements = new m.PlacementService(canvas, gate, users, presence, captcha, configuration);
// one body per lane, as JSON.parse hands it to the controller
const bodies = Array.from({ length: LANES }, (_, lane) => ({ x: lane, y: lane, color: lane % 16 }));

const gcs = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcs.push(entry);
}).observe({ entryTypes: ['gc'] });

/** `count` placements through LANES lanes (controller → service, as the HTTP route does). */
async function drive(count) {
  let next = 0;
  let refused = 0;
  const lane = async (l) => {
    const body = bodies[l];
    while (next < count) {
      const user = principals[next++ % USERS];
      try {
        const placement = m.parsePlacement(body, canvas.width, canvas.height, canvas.palette.length);
        await placements.place(user, placement);
      } catch {
        refused++;
      }
    }
  };
  const lanes = [];
  for (let l = 0; l < LANES; l++) lanes.push(lane(l));
  await Promise.all(lanes);
  return refused;
}

const heapUsed = () => v8.getHeapSpaceStatistics().reduce((sum, s) => sum + s.space_used_size, 0);
const settle = () => new Promise((r) => setImmediate(r));

// warm-up (JIT, statements, maps)
await drive(20000);

// 1. bytes per placement: windows without any GC inside
const perWindow = [];
const external = [];
for (let w = 0; MODE === 'allocation' && w < 8 && perWindow.length < 5; w++) {
  globalThis.gc();
  await settle();
  globalThis.gc();
  const gcsBefore = gcs.length;
  const startedAt = performance.now();
  const heapBefore = heapUsed();
  const externalBefore = process.memoryUsage().external;
  await drive(WINDOW);
  const heapAfter = heapUsed();
  const externalAfter = process.memoryUsage().external;
  const endedAt = performance.now();
  await settle();
  const inside = gcs.slice(gcsBefore).some((e) => e.startTime >= startedAt && e.startTime <= endedAt);
  if (inside) continue;
  perWindow.push((heapAfter - heapBefore) / WINDOW);
  external.push((externalAfter - externalBefore) / WINDOW);
}
if (MODE === 'allocation' && perWindow.length === 0) throw new Error('every window had a GC inside: raise --semi-space-mb');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// 2. sampling heap profile of one window (young garbage included)
let topAllocations;
if (MODE === 'allocation' && PROFILE) {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await drive(WINDOW);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const byFunction = new Map();
  const walk = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const self = node.selfSize;
    if (self > 0) {
      const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-1)[0]}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + self);
    }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  topAllocations = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([where, bytes]) => ({ where, bytesPerPlacement: Math.round(bytes / WINDOW) }));
  session.disconnect();
}

// 3. throughput and GC share (the speed run: default heap settings)
let speed = {};
if (MODE === 'speed') {
  globalThis.gc();
  await settle();
  const gcsBefore = gcs.length;
  const startedAt = performance.now();
  const cpu = process.cpuUsage();
  const refused = await drive(PLACEMENTS);
  const wallMs = performance.now() - startedAt;
  const used = process.cpuUsage(cpu);
  await settle();
  const gcMs = gcs
    .slice(gcsBefore)
    .filter((e) => e.startTime >= startedAt)
    .reduce((sum, e) => sum + e.duration, 0);
  speed = {
    placementsPerSecond: Math.round(PLACEMENTS / (wallMs / 1000)),
    cpuMicrosPerPlacement: Math.round(((used.user + used.system) / PLACEMENTS) * 10) / 10,
    gcSharePercent: Math.round((gcMs / wallMs) * 1000) / 10,
    refused,
  };
}
await canvas.beforeApplicationShutdown();
presence.onModuleDestroy();
database.onApplicationShutdown();
rmSync(dataDir, { recursive: true, force: true });

console.log(
  JSON.stringify(
    MODE === 'speed'
      ? speed
      : {
          bytesPerPlacement: Math.round(median(perWindow)),
          externalBytesPerPlacement: Math.round(median(external)),
          windows: perWindow.map(Math.round),
          topAllocations,
        },
  ),
);
process.exit(0);
