// Figures 1 and 3: POST /api/canvas/pixels throughput and GET /api/canvas (200 and 304)
// with autocannon, in this process (its CPU is reported as the client CPU).
import autocannon from 'autocannon';
import { placementHeaders } from '../lib/players.mjs';
import { cpuPercent, usagePercent, waitPercent } from '../lib/procstat.mjs';
import { median } from '../lib/stats.mjs';

async function cannon(server, options) {
  const p0 = server.proc();
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const result = await autocannon({ url: server.base, timeout: 10, ...options });
  const wallMs = performance.now() - w0;
  const p1 = server.proc();
  return { result, serverCpuPct: cpuPercent(p0, p1), serverWaitPct: waitPercent(p0, p1), clientCpuPct: usagePercent(c0, process.cpuUsage(), wallMs) };
}

export async function runPlacementThroughput({ server, players, connections, durationS, reps, width, height, log }) {
  const runs = [];
  const headers = players.map((p) => ({ 'content-type': 'application/json', ...placementHeaders(p) }));
  for (let rep = 0; rep < reps; rep++) {
    let n = 0;
    const { result, serverCpuPct, serverWaitPct, clientCpuPct } = await cannon(server, {
      connections,
      duration: durationS,
      requests: [
        {
          method: 'POST',
          path: '/api/canvas/pixels',
          setupRequest(req) {
            n++;
            req.headers = headers[n % headers.length];
            req.body = JSON.stringify({ x: (n * 7919) % width, y: (n * 104729) % height, color: n % 32 });
            return req;
          },
        },
      ],
    });
    const seconds = result.duration;
    const run = {
      acceptedPerSec: result['2xx'] / seconds,
      requestsPerSec: result.requests.average,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      latencyP50: result.latency.p50,
      latencyP99: result.latency.p99,
      serverCpuPct,
      serverWaitPct,
      clientCpuPct,
    };
    log?.(
      `  placements rep ${rep + 1}: ${run.acceptedPerSec.toFixed(0)} accepted/s (non-2xx ${run.non2xx}, errors ${run.errors}), p50 ${run.latencyP50} ms p99 ${run.latencyP99} ms, server ${serverCpuPct.toFixed(0)} % / autocannon ${clientCpuPct.toFixed(0)} % of a core`,
    );
    runs.push(run);
  }
  return summarize(runs, { connections, durationS, users: players.length });
}

export async function runSnapshotGets({ server, connections, durationS, reps, log }) {
  const head = await fetch(`${server.base}/api/canvas`);
  const etag = head.headers.get('etag');
  const size = (await head.arrayBuffer()).byteLength;
  const out = {};
  for (const kind of ['200', '304']) {
    const runs = [];
    for (let rep = 0; rep < reps; rep++) {
      const { result, serverCpuPct, serverWaitPct, clientCpuPct } = await cannon(server, {
        connections,
        duration: durationS,
        requests: [{ method: 'GET', path: '/api/canvas', headers: kind === '304' ? { 'if-none-match': etag } : {} }],
      });
      const wanted = kind === '304' ? result['3xx'] : result['2xx'];
      const run = {
        requestsPerSec: result.requests.average,
        wantedPerSec: wanted / result.duration,
        other: result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'] - wanted,
        errors: result.errors,
        latencyP50: result.latency.p50,
        latencyP99: result.latency.p99,
        mbPerSec: result.throughput.average / 1048576,
        serverCpuPct,
        serverWaitPct,
        clientCpuPct,
      };
      log?.(
        `  GET /api/canvas ${kind} rep ${rep + 1}: ${run.wantedPerSec.toFixed(0)}/s (other ${run.other}, errors ${run.errors}), p99 ${run.latencyP99} ms, server ${serverCpuPct.toFixed(0)} % / autocannon ${clientCpuPct.toFixed(0)} %`,
      );
      runs.push(run);
    }
    out[kind] = summarize(runs, { connections, durationS, snapshotBytes: size });
  }
  return out;
}

function summarize(runs, extra) {
  const keys = Object.keys(runs[0]);
  const med = {};
  for (const k of keys) med[k] = median(runs.map((r) => r[k]));
  return { ...extra, reps: runs.length, median: med, runs };
}
