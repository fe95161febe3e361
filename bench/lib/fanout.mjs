// Fan-out measurement shared by the fan-out figure and the launch-day steps: receiver
// processes hold the sockets, a placer process offers placements at a fixed rate, and
// each (placement, socket) pair becomes one latency sample: receipt time at the socket
// minus the time the placement's 201 arrived at the placer (same monotonic clock).
import { fileURLToPath } from 'node:url';
import { Worker } from './ipc.mjs';
import { cpuPercent, waitPercent } from './procstat.mjs';
import { sampleServer } from './server.mjs';
import { Hist, maxOf, median, nowMs, sleep } from './stats.mjs';

const CLIENT_SCRIPT = fileURLToPath(new URL('./client-proc.mjs', import.meta.url));
const HTTP_SCRIPT = fileURLToPath(new URL('./http-load-proc.mjs', import.meta.url));

export class ReceiverPool {
  constructor(protocolPath, perWorker = 1000) {
    this.protocolPath = protocolPath;
    this.perWorker = perWorker;
    this.workers = []; // {worker, sockets}
  }

  get total() {
    return this.workers.reduce((n, w) => n + w.sockets, 0);
  }

  pids() {
    return this.workers.map((w) => w.worker.pid);
  }

  async spawn() {
    const worker = new Worker(CLIENT_SCRIPT, `receiver-${this.workers.length}`);
    await worker.call('init', { protocolPath: this.protocolPath }, 20_000);
    const entry = { worker, sockets: 0 };
    this.workers.push(entry);
    return entry;
  }

  /**
   * Adds `count` sockets to `base`, filling workers up to perWorker (or spreading evenly
   * over `workers` workers when given). tokens[i] goes to the i-th new socket.
   */
  async add(base, count, { tokens = [], waitPlaying = false, workers } = {}) {
    const plan = [];
    if (workers) {
      while (this.workers.length < workers) await this.spawn();
      const each = Math.ceil(count / workers);
      for (let i = 0, left = count; i < workers && left > 0; i++, left -= each) plan.push([this.workers[i], Math.min(each, left)]);
    } else {
      let left = count;
      for (const w of this.workers) {
        if (left <= 0) break;
        const room = this.perWorker - w.sockets;
        if (room > 0) {
          plan.push([w, Math.min(room, left)]);
          left -= Math.min(room, left);
        }
      }
      while (left > 0) {
        const w = await this.spawn();
        plan.push([w, Math.min(this.perWorker, left)]);
        left -= Math.min(this.perWorker, left);
      }
    }
    let offset = 0;
    const replies = await Promise.all(
      plan.map(([w, n]) => {
        const slice = tokens.slice(offset, offset + n);
        offset += n;
        return w.worker.call('connect', { base, count: n, tokens: slice, waitPlaying, concurrency: 48 }, 180_000).then((r) => {
          w.sockets += r.ok;
          return r;
        });
      }),
    );
    const failed = replies.reduce((n, r) => n + r.failed, 0);
    const statuses = {};
    for (const r of replies) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
    const errors = Object.assign({}, ...replies.map((r) => r.errors));
    return { ok: count - failed, failed, statuses, errors, ms: Math.max(...replies.map((r) => r.ms)) };
  }

  async closeAll() {
    await Promise.all(this.workers.map((w) => w.worker.call('close', {}, 30_000)));
    for (const w of this.workers) w.sockets = 0;
  }

  async stop() {
    await Promise.all(this.workers.map((w) => w.worker.stop()));
    this.workers = [];
  }
}

export function spawnHttpWorker(label) {
  return new Worker(HTTP_SCRIPT, label);
}

/**
 * One measured fan-out run. The placer offers `rate` placements/s for durationMs; the
 * first warmupMs are not counted; receivers keep listening drainMs after the last
 * 201 (a placement not received by then counts as not delivered).
 */
export async function measureFanout({
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
  connections = 200,
  guests,
  placerDrainMs = 5000,
}) {
  const sampler = sampleServer(server);
  const starts = await Promise.all(pool.workers.map((w) => w.worker.call('start', {}, 10_000)));
  const socketsAtStart = starts.reduce((n, s) => n + s.socketsAtStart, 0);
  const t0 = nowMs();
  const proc0 = server.proc();
  const guestRun = guests
    ? guests.worker.call(
        'poll',
        { base: server.base, guests: guests.count, pollMs: guests.pollMs, durationMs, connections: guests.connections ?? 32, timeoutMs: 10_000 },
        durationMs + 60_000,
      )
    : null;
  const placed = await placer.call(
    'place',
    { base: server.base, players, rate, durationMs, connections, width, height, colors: 32, timeoutMs: 10_000, drainMs: placerDrainMs },
    durationMs + 60_000,
  );
  const proc1 = server.proc();
  await sleep(drainMs);
  const stops = await Promise.all(pool.workers.map((w) => w.worker.call('stop', {}, 10_000)));
  const polled = guestRun ? await guestRun : null;
  const sampled = await sampler.stop();

  // Placements sent after the warm-up form the measured window.
  const windowStart = t0 + warmupMs;
  const inWindow = [];
  for (let i = 0; i < placed.versions.length; i++) if (placed.sends[i] >= windowStart) inWindow.push(i);
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of inWindow) {
    lo = Math.min(lo, placed.versions[i]);
    hi = Math.max(hi, placed.versions[i]);
  }
  const span = inWindow.length ? hi - lo + 1 : 0;
  const t201 = new Float64Array(span).fill(NaN);
  const tSend = new Float64Array(span).fill(NaN);
  for (const i of inWindow) {
    t201[placed.versions[i] - lo] = placed.acks[i];
    tSend[placed.versions[i] - lo] = placed.sends[i];
  }
  const hist = new Hist();
  const e2e = new Hist();
  const spread = new Hist();
  // in the window: the placement request alone (send → 201), and 201 → the first socket's receipt
  const request = new Hist();
  const toFirst = new Hist();
  for (const i of inWindow) request.add(placed.acks[i] - placed.sends[i]);
  let delivered = 0;
  const seconds = Math.ceil((durationMs + drainMs) / 1000) + 1;
  const e2eMaxBySecond = new Array(seconds).fill(0);
  if (span > 0) {
    // The earliest receipt of each version over all sockets: "spread" = receipt − that,
    // i.e. how long the server took to get one tick's frame to everyone.
    const tFirst = new Float64Array(span).fill(Infinity);
    const firsts = await Promise.all(pool.workers.map((w) => w.worker.call('firsts', { lo, hi }, 120_000)));
    for (const f of firsts) for (let i = 0; i < span; i++) if (f.firsts[i] < tFirst[i]) tFirst[i] = f.firsts[i];
    for (let i = 0; i < span; i++) if (Number.isFinite(tFirst[i]) && Number.isFinite(t201[i])) toFirst.add(tFirst[i] - t201[i]);
    const analyses = await Promise.all(pool.workers.map((w) => w.worker.call('analyze', { vBase: lo, lo, hi, t201, tSend, tFirst, t0, seconds }, 120_000)));
    for (const a of analyses) {
      hist.merge(Hist.fromJSON(a.hist));
      e2e.merge(Hist.fromJSON(a.e2e));
      spread.merge(Hist.fromJSON(a.spread));
      delivered += a.delivered;
      for (let i = 0; i < seconds; i++) e2eMaxBySecond[i] = Math.max(e2eMaxBySecond[i], a.secMax[i]);
    }
  }
  const measuredMs = placed.sendWallMs - warmupMs;
  const expected = socketsAtStart * inWindow.length;
  const clientCpuMs = stops.reduce((n, s) => n + s.cpuMs, 0);
  const clientWallMs = median(stops.map((s) => s.wallMs));
  const window = sampled.samples.slice(Math.floor(warmupMs / 1000));
  return {
    sockets: socketsAtStart,
    socketsAlive: stops.reduce((n, s) => n + s.socketsAlive, 0),
    offeredPerSec: rate,
    issued: placed.issued,
    skipped: placed.skipped,
    abandoned: placed.abandoned,
    statuses: placed.statuses,
    codes: placed.codes,
    refusalSamples: placed.refusalSamples,
    errors: placed.errors,
    acceptedPerSec: (placed.versions.length * 1000) / Math.max(1, placed.sendWallMs),
    placementsMeasured: inWindow.length,
    expected,
    delivered,
    deliveredPct: expected ? (delivered / expected) * 100 : NaN,
    updatesDeliveredPerSec: (delivered * 1000) / Math.max(1, measuredMs),
    p50: hist.percentile(50),
    p99: hist.percentile(99),
    max: hist.max,
    p99WithMissing: hist.percentile(99, expected),
    e2eP50: e2e.percentile(50),
    e2eP99: e2e.percentile(99),
    e2eMax: e2e.max,
    e2eP99WithMissing: e2e.percentile(99, expected),
    spreadP50: spread.percentile(50),
    spreadP99: spread.percentile(99),
    spreadMax: spread.max,
    requestP50: request.percentile(50),
    requestP99: request.percentile(99),
    toFirstP50: toFirst.percentile(50),
    toFirstP99: toFirst.percentile(99),
    reqP50: Hist.fromJSON(placed.reqHist).percentile(50),
    reqP99: Hist.fromJSON(placed.reqHist).percentile(99),
    serverCpuPct: cpuPercent(proc0, proc1),
    serverWaitPct: waitPercent(proc0, proc1),
    serverRssBytes: proc1?.rssBytes ?? NaN,
    serverEldP99Ms: median(window.map((s) => s.eldP99Ms)),
    serverEldP99MaxMs: maxOf(window.map((s) => s.eldP99Ms)),
    realtimeBytesPerSec: median(window.map((s) => s.realtimeBytesPerSec)),
    // the server's tick interval (TICK_MS, or longer when the broadcast outgrew its loop share)
    tickIntervalMs: median(window.map((s) => s.tickIntervalMs)),
    writtenBytesPerSec: median(window.map((s) => s.wcharPerSec)),
    clientCpuPct: (clientCpuMs / clientWallMs) * 100,
    clientEldP99MaxMs: Math.max(...stops.map((s) => s.eldP99Ms)),
    clientEldMaxMs: Math.max(...stops.map((s) => s.eldMaxMs)),
    // the longest wait between two frames at any receiver process (a stall shows here)
    frameGapMaxMs: Math.max(...stops.map((s) => s.frameGapMaxMs)),
    tickIntervalMaxMs: maxOf(window.map((s) => s.tickIntervalMs)),
    clientReceipts: stops.reduce((n, s) => n + s.receipts, 0),
    clientDropped: stops.reduce((n, s) => n + s.dropped, 0),
    decodeErrors: stops.reduce((n, s) => n + s.decodeErrors.count, 0),
    placerCpuPct: (placed.cpuMs / placed.wallMs) * 100,
    guests: polled,
    timeline: sampled.samples.map((s) => ({
      eld: Math.round(s.eldP99Ms),
      cpu: Math.round(s.cpuPct),
      rssMb: Math.round(s.rssBytes / 1048576),
      tick: Math.round(s.tickIntervalMs),
    })),
    // per second of the run (by send time, from the placer's start): the largest send→receipt latency
    e2eMaxBySecond: e2eMaxBySecond.map((v) => Math.round(v)),
  };
}
