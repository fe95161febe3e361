// A receiver process (child_process.fork): holds many light /play sockets, timestamps
// every `pixels` frame (or naive per-placement `pixel` event) on the system-wide
// monotonic clock, and later turns the receipts into latency histograms against the
// 201 times the placer recorded. Commands arrive over IPC; every wait is bounded.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connectMany, LightSocket } from './sio-light.mjs';
import { waitForPlaying } from './players.mjs';
import { Hist, nowMs } from './stats.mjs';

let protocol;
let base;
let sockets = [];
let recording = false;
let closedDuringRecording = 0;
const decodeErrors = { count: 0, sample: null };
const otherEvents = new Map();

// Receipts as (firstVersion, count, t) triples in a growable Float64Array, bounded.
const MAX_TRIPLES = 3_000_000;
let receipts = new Float64Array(3 * 65_536);
let triples = 0;
let dropped = 0;
function record(firstVersion, count, t) {
  if (triples >= MAX_TRIPLES) {
    dropped++;
    return;
  }
  if ((triples + 1) * 3 > receipts.length) {
    const bigger = new Float64Array(Math.min(receipts.length * 2, MAX_TRIPLES * 3));
    bigger.set(receipts);
    receipts = bigger;
  }
  const o = triples * 3;
  receipts[o] = firstVersion;
  receipts[o + 1] = count;
  receipts[o + 2] = t;
  triples++;
}

// Every socket of this process receives the same bytes per tick: decode them once with
// the shared library, then only compare the identical copies that follow.
let lastFrame = Buffer.alloc(0);
let lastFirst = 0;
let lastCount = 0;
// The longest wait between two different frames in this process (a stalled tick, or this
// process not reading), set against the server's tick interval and this process's ELD.
let lastNewFrameAt = NaN;
let frameGapMaxMs = 0;
function onPixels(b64, t) {
  if (!recording) return;
  if (!b64.equals(lastFrame)) {
    if (t - lastNewFrameAt > frameGapMaxMs) frameGapMaxMs = t - lastNewFrameAt;
    lastNewFrameAt = t;
    try {
      const batch = protocol.decodeBatchFrame(protocol.base64ToBytes(b64.toString('latin1')));
      lastFrame = Buffer.from(b64);
      lastFirst = batch.firstVersion;
      lastCount = batch.count;
    } catch (error) {
      decodeErrors.count++;
      decodeErrors.sample ??= String(error.message ?? error);
      return;
    }
  }
  record(lastFirst, lastCount, t);
}

function onEvent(name, payload, t) {
  if (name === 'pixel') {
    // The naive comparison server: one JSON event per placement.
    if (recording && payload && typeof payload.version === 'number') record(payload.version, 1, t);
    return;
  }
  otherEvents.set(name, (otherEvents.get(name) ?? 0) + 1);
}

function onClose() {
  if (recording) closedDuringRecording++;
}

let cpuStart;
let wallStart;
let eld;

async function handle(msg) {
  switch (msg.cmd) {
    case 'init': {
      protocol = await import(msg.protocolPath);
      return { type: 'ready' };
    }
    case 'connect': {
      base = msg.base;
      const tokens = msg.tokens ?? [];
      const started = Date.now();
      const {
        sockets: opened,
        failed,
        errors,
      } = await connectMany(msg.count, (i) => new LightSocket(base, { token: tokens[i], onPixels, onEvent, onClose, clock: nowMs, id: sockets.length + i }), {
        concurrency: msg.concurrency ?? 64,
        timeoutMs: msg.timeoutMs ?? 20_000,
      });
      sockets.push(...opened);
      if (msg.waitPlaying) await waitForPlaying(opened, 15_000);
      const statuses = {};
      for (const s of opened) statuses[s.status ?? 'none'] = (statuses[s.status ?? 'none'] ?? 0) + 1;
      return { type: 'connected', ok: opened.length, failed, errors, statuses, ms: Date.now() - started, total: sockets.length };
    }
    case 'start': {
      triples = 0;
      dropped = 0;
      closedDuringRecording = 0;
      lastFrame = Buffer.alloc(0);
      lastNewFrameAt = NaN;
      frameGapMaxMs = 0;
      recording = true;
      eld = monitorEventLoopDelay({ resolution: 5 });
      eld.enable();
      cpuStart = process.cpuUsage();
      wallStart = performance.now();
      return { type: 'started', socketsAtStart: sockets.filter((s) => s.connected).length };
    }
    case 'stop': {
      recording = false;
      const wallMs = performance.now() - wallStart;
      const cpu = process.cpuUsage(cpuStart);
      eld.disable();
      return {
        type: 'stopped',
        wallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        eldP99Ms: eld.percentile(99) / 1e6,
        eldMaxMs: eld.max / 1e6,
        frameGapMaxMs,
        receipts: triples,
        dropped,
        closedDuringRecording,
        socketsAlive: sockets.filter((s) => s.connected).length,
        decodeErrors,
        otherEvents: Object.fromEntries(otherEvents),
        rssBytes: process.memoryUsage().rss,
      };
    }
    case 'firsts': {
      // Earliest receipt of each version in [lo, hi] among this process's sockets.
      const { lo, hi } = msg;
      const firsts = new Float64Array(hi - lo + 1).fill(Infinity);
      for (let k = 0; k < triples; k++) {
        const o = k * 3;
        const from = Math.max(receipts[o], lo);
        const to = Math.min(receipts[o] + receipts[o + 1] - 1, hi);
        const t = receipts[o + 2];
        for (let v = from; v <= to; v++) if (t < firsts[v - lo]) firsts[v - lo] = t;
      }
      return { type: 'firsts', firsts };
    }
    case 'analyze': {
      // t201/tSend indexed by version - vBase (NaN: not one of ours / no 201); only
      // versions inside [lo, hi] count. Missing receipts are reported as not delivered.
      // secMax[s]: the largest send→receipt latency of placements sent in second s after msg.t0.
      const { vBase, lo, hi, t0 } = msg;
      const { t201, tSend, tFirst } = msg; // Float64Arrays (advanced IPC serialization keeps NaN)
      const secMax = new Float64Array(msg.seconds);
      const hist = new Hist();
      const e2e = new Hist();
      const spread = new Hist();
      let delivered = 0;
      for (let k = 0; k < triples; k++) {
        const o = k * 3;
        const first = receipts[o];
        const last = first + receipts[o + 1] - 1;
        const t = receipts[o + 2];
        const from = Math.max(first, lo);
        const to = Math.min(last, hi);
        for (let v = from; v <= to; v++) {
          const a = t201[v - vBase];
          if (a === a) {
            hist.add(t - a);
            const sent = tSend[v - vBase];
            e2e.add(t - sent);
            const sec = Math.floor((sent - t0) / 1000);
            if (sec >= 0 && sec < secMax.length && t - sent > secMax[sec]) secMax[sec] = t - sent;
            spread.add(t - tFirst[v - vBase]);
            delivered++;
          }
        }
      }
      return { type: 'analysis', hist: hist.toJSON(), e2e: e2e.toJSON(), spread: spread.toJSON(), delivered, secMax };
    }
    case 'close': {
      for (const s of sockets) s.close();
      sockets = [];
      return { type: 'closed' };
    }
    case 'exit': {
      setTimeout(() => process.exit(0), 10);
      return { type: 'exiting' };
    }
    default:
      return { type: 'error', message: `unknown command ${msg.cmd}` };
  }
}

process.on('message', (msg) => {
  handle(msg).then(
    (reply) => process.send({ id: msg.id, ...reply }),
    (error) => process.send({ id: msg.id, type: 'error', message: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
