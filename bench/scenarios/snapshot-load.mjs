// Figure 2b: the server's event-loop delay p99 (its own 1-s window gauge from
// GET /api/metrics) on a realistic 2000×2000 canvas, idle and while placements arrive
// at `rate`/s — each 100 versions (SNAPSHOT_EVERY) triggers a 4 MB snapshot compression.
import { openPlayerSockets } from '../lib/players.mjs';
import { spawnHttpWorker } from '../lib/fanout.mjs';
import { cpuPercent, waitPercent } from '../lib/procstat.mjs';
import { sampleServer } from '../lib/server.mjs';
import { maxOf, median, sleep } from '../lib/stats.mjs';

export async function runSnapshotUnderLoad({ api, authMode, players, rate, idleMs, loadMs, width, height, log }) {
  const held = await openPlayerSockets(api.base, authMode, players);
  const placer = spawnHttpWorker('placer-snap');
  try {
    await sleep(1000);
    const idleSampler = sampleServer(api);
    await sleep(idleMs);
    const idle = await idleSampler.stop();
    const sampler = sampleServer(api);
    const p0 = api.proc();
    const placed = await placer.call(
      'place',
      { base: api.base, players, rate, durationMs: loadMs, connections: 400, width, height, colors: 32, timeoutMs: 10_000 },
      loadMs + 60_000,
    );
    const p1 = api.proc();
    const loaded = await sampler.stop();
    const samples = loaded.samples.slice(1); // the first window straddles the start
    const eld = samples.map((s) => s.eldP99Ms);
    const accepted = placed.versions.length;
    const result = {
      canvas: `${width}×${height}`,
      rate,
      loadMs,
      acceptedPerSec: (accepted * 1000) / placed.sendWallMs,
      snapshotsPerSec: (accepted * 1000) / placed.sendWallMs / 100,
      statuses: placed.statuses,
      idleEldP99Ms: median(idle.samples.map((s) => s.eldP99Ms)),
      eldP99MedianMs: median(eld),
      eldP99MaxMs: maxOf(eld),
      eldSamples: eld.map((v) => Math.round(v * 10) / 10),
      serverCpuPct: cpuPercent(p0, p1),
      serverWaitPct: waitPercent(p0, p1),
      serverRssBytes: p1?.rssBytes,
      placerCpuPct: (placed.cpuMs / placed.wallMs) * 100,
      playerSockets: held.sockets.length,
    };
    log?.(
      `  2000×2000 under ${rate}/s: accepted ${result.acceptedPerSec.toFixed(0)}/s, ELD p99 idle ${result.idleEldP99Ms.toFixed(1)} ms, loaded median ${result.eldP99MedianMs.toFixed(1)} max ${result.eldP99MaxMs.toFixed(1)} ms [${result.eldSamples.join(', ')}], server CPU ${result.serverCpuPct.toFixed(0)} % (main thread waited for a CPU ${result.serverWaitPct.toFixed(0)} % of the time), placer ${result.placerCpuPct.toFixed(0)} %`,
    );
    return result;
  } finally {
    await placer.stop();
    held.close();
  }
}

/** One figure from repeated runs: medians over all 1-s windows and over the runs. */
export function combineSnapshotRuns(runs) {
  const windows = runs.flatMap((r) => r.eldSamples);
  return {
    ...runs[0],
    reps: runs.length,
    loadMs: runs.reduce((n, r) => n + r.loadMs, 0),
    acceptedPerSec: median(runs.map((r) => r.acceptedPerSec)),
    snapshotsPerSec: median(runs.map((r) => r.snapshotsPerSec)),
    idleEldP99Ms: median(runs.map((r) => r.idleEldP99Ms)),
    eldP99MedianMs: median(windows),
    eldP99MaxMs: maxOf(windows),
    eldSamples: windows,
    serverCpuPct: median(runs.map((r) => r.serverCpuPct)),
    serverWaitPct: median(runs.map((r) => r.serverWaitPct)),
    placerCpuPct: median(runs.map((r) => r.placerCpuPct)),
    runs: runs.map((r) => ({
      eldP99MedianMs: r.eldP99MedianMs,
      eldP99MaxMs: r.eldP99MaxMs,
      serverCpuPct: r.serverCpuPct,
      serverWaitPct: r.serverWaitPct,
      acceptedPerSec: r.acceptedPerSec,
    })),
  };
}
