// Presence scheduler benchmark: the single-timer expiry scheduler (indexed min-heap) and
// the admission FIFO with 100,000 tracked players. Run: node bench/presence-scheduler.bench.mjs
// [players]. The TypeScript sources are bundled with esbuild first (the same code the
// server runs). Prints one JSON object; every figure is wall time on this machine.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, OUT } from './lib/build.mjs';

const PLAYERS = Number(process.argv[2] ?? 100_000);

async function loadSources() {
  mkdirSync(OUT, { recursive: true });
  const esbuild = await import('esbuild');
  const outfile = join(OUT, 'presence-scheduler.mjs');
  await esbuild.build({
    stdin: {
      contents: `export { ExpiryScheduler } from './apps/api/src/app/common/scheduling/expiry-scheduler.ts';
                 export { FifoQueue } from './apps/api/src/app/queue/fifo-queue.ts';`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

const ns = (start) => Number(process.hrtime.bigint() - start);
const perOp = (totalNs, ops) => Math.round((totalNs / ops) * 10) / 10; // ns per operation
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Virtual clock + one recorded timer: measures the scheduler's own work, not the OS timer. */
function virtualTimers() {
  const state = { now: 0, callback: null, dueAt: 0, armed: 0, sets: 0 };
  return {
    state,
    host: {
      now: () => state.now,
      setTimeout: (callback, ms) => {
        state.callback = callback;
        state.dueAt = state.now + ms;
        state.armed++;
        state.sets++;
        return state.sets;
      },
      clearTimeout: () => {
        state.callback = null;
        state.armed--;
      },
    },
  };
}

function benchVirtual({ ExpiryScheduler }) {
  const { state, host } = virtualTimers();
  let expired = 0;
  let maxArmed = 0;
  const scheduler = new ExpiryScheduler(() => expired++, host);
  const players = Array.from({ length: PLAYERS }, (_, id) => ({ id, deadline: 0, heapIndex: -1 }));
  const window = 120_000;

  let t = process.hrtime.bigint();
  for (const p of players) {
    scheduler.schedule(p, Math.floor(Math.random() * window));
    maxArmed = Math.max(maxArmed, state.armed);
  }
  const scheduleNs = ns(t);

  // Every player places a pixel once: its deadline moves to now + window.
  t = process.hrtime.bigint();
  for (const p of players) scheduler.schedule(p, state.now + window + Math.floor(Math.random() * 1000));
  const rescheduleNs = ns(t);

  // Drive the single timer: jump the clock to each armed deadline and fire.
  const setsBefore = state.sets;
  t = process.hrtime.bigint();
  let wakeups = 0;
  while (state.callback) {
    const callback = state.callback;
    state.callback = null;
    state.armed--;
    state.now = state.dueAt;
    callback();
    wakeups++;
    maxArmed = Math.max(maxArmed, state.armed);
  }
  const expireNs = ns(t);
  return {
    players: PLAYERS,
    scheduleNsPerPlayer: perOp(scheduleNs, PLAYERS),
    rescheduleNsPerAction: perOp(rescheduleNs, PLAYERS),
    expiryNsPerPlayer: perOp(expireNs, expired),
    expired,
    wakeups,
    timerArmsDuringExpiry: state.sets - setsBefore,
    maxArmedTimers: maxArmed,
  };
}

/** Real setTimeout: 100k deadlines over 2 s, one timer; how late does each expiry run? */
async function benchReal({ ExpiryScheduler }) {
  const lateness = [];
  let busyNs = 0;
  let armed = 0;
  let maxArmed = 0;
  const host = {
    now: () => Date.now(),
    setTimeout: (cb, ms) => {
      armed++;
      maxArmed = Math.max(maxArmed, armed);
      return setTimeout(() => {
        armed--;
        const t = process.hrtime.bigint();
        cb();
        busyNs += ns(t);
      }, ms);
    },
    clearTimeout: (h) => {
      armed--;
      clearTimeout(h);
    },
  };
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  let expired = 0;
  const scheduler = new ExpiryScheduler((item, now) => {
    lateness.push(now - item.deadline);
    if (++expired === PLAYERS) done();
  }, host);
  const start = Date.now() + 100;
  for (let id = 0; id < PLAYERS; id++) scheduler.schedule({ id, deadline: 0, heapIndex: -1 }, start + Math.floor(Math.random() * 2000));
  await finished;
  lateness.sort((a, b) => a - b);
  return {
    players: PLAYERS,
    spreadMs: 2000,
    busyNsPerExpiry: perOp(busyNs, PLAYERS),
    latenessMsP50: percentile(lateness, 50),
    latenessMsP99: percentile(lateness, 99),
    latenessMsMax: lateness.at(-1),
    maxArmedTimers: maxArmed,
  };
}

/** For comparison: one setTimeout per player, re-armed on every action. */
function benchNaive() {
  const handles = new Array(PLAYERS);
  let t = process.hrtime.bigint();
  for (let i = 0; i < PLAYERS; i++) handles[i] = setTimeout(() => {}, 120_000 + i);
  const armNs = ns(t);
  t = process.hrtime.bigint();
  for (let i = 0; i < PLAYERS; i++) {
    clearTimeout(handles[i]);
    handles[i] = setTimeout(() => {}, 120_000 + i);
  }
  const rearmNs = ns(t);
  for (const h of handles) clearTimeout(h);
  return { armedTimers: PLAYERS, armNsPerPlayer: perOp(armNs, PLAYERS), rearmNsPerAction: perOp(rearmNs, PLAYERS) };
}

function benchQueue({ FifoQueue }) {
  const q = new FifoQueue();
  const keys = Array.from({ length: PLAYERS }, (_, i) => ({ i }));
  let t = process.hrtime.bigint();
  for (const k of keys) q.enqueue(k);
  const enqueueNs = ns(t);
  t = process.hrtime.bigint();
  let sum = 0;
  for (let i = 0; i < PLAYERS; i++) sum += q.position(keys[(i * 7919) % PLAYERS]);
  const positionNs = ns(t);
  t = process.hrtime.bigint();
  for (let i = 0; i < PLAYERS; i += 2) q.remove(keys[i]);
  const removeNs = ns(t);
  t = process.hrtime.bigint();
  let position = 0;
  for (const _ of q.keys()) position++;
  const walkNs = ns(t);
  return {
    queued: PLAYERS,
    enqueueNs: perOp(enqueueNs, PLAYERS),
    positionNs: perOp(positionNs, PLAYERS),
    removeNs: perOp(removeNs, PLAYERS / 2),
    fullPositionWalkMs: Math.round(walkNs / 1e4) / 100,
    walked: position,
    checksum: sum > 0,
  };
}

const sources = await loadSources();
benchVirtual(sources); // warm-up
const result = {
  node: process.version,
  scheduler: benchVirtual(sources),
  schedulerRealTimers: await benchReal(sources),
  naivePerPlayerTimers: benchNaive(),
  queue: benchQueue(sources),
};
console.log(JSON.stringify(result, null, 2));
