// Figure 5 (issue 8): "launch day". N signed-in players, each holding a /play socket and
// placing every N/rate seconds (aggregate `rate`/s, above the server's cooldown), plus
// M guests polling GET /api/canvas with If-None-Match. N steps up; sockets accumulate
// across steps in receiver processes. Reports fan-out p50/p99/max, event-loop delay,
// CPU, RSS and RSS per socket, bytes sent per second, and where p99 crosses 250 ms.
import { measureFanout, ReceiverPool, spawnHttpWorker } from '../lib/fanout.mjs';
import { createPlayers } from '../lib/players.mjs';
import { Hist, sleep } from '../lib/stats.mjs';
import { line } from './fanout-vs-naive.mjs';

export async function runLaunch({ api, protocolPath, authMode, steps, rate, durationMs, warmupMs, drainMs, guests, perWorker, width, height, log }) {
  const pool = new ReceiverPool(protocolPath, perWorker);
  const placer = spawnHttpWorker('placer-launch');
  const guestWorker = spawnHttpWorker('guests');
  const players = [];
  const rows = [];
  try {
    await sleep(1000);
    const rss0 = api.proc()?.rssBytes ?? NaN;
    for (const n of steps) {
      const fresh = await createPlayers(api.base, authMode, n - players.length, { start: players.length, prefix: 'launch-' });
      players.push(...fresh);
      const conn = await pool.add(api.base, n - pool.total, { tokens: fresh.map((p) => p.token), waitPlaying: authMode === 'token' });
      if (conn.failed) log?.(`  N=${n}: ${conn.failed} sockets failed to connect: ${JSON.stringify(conn.errors)}`);
      await sleep(1500);
      const rssIdle = api.proc()?.rssBytes ?? NaN;
      const r = await measureFanout({
        server: api,
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
        guests: { worker: guestWorker, count: guests.count, pollMs: guests.pollMs, connections: 32 },
      });
      const g = r.guests;
      const row = {
        players: n,
        socketsConnected: pool.total,
        connectFailed: conn.failed,
        connectMs: conn.ms,
        statusesAtConnect: conn.statuses,
        rssIdleBytes: rssIdle,
        rssPerSocketBytes: (rssIdle - rss0) / Math.max(1, pool.total),
        // growth since the previous step's idle RSS, per added socket
        rssMarginalPerSocketBytes: rows.length
          ? (rssIdle - rows[rows.length - 1].rssIdleBytes) / Math.max(1, pool.total - rows[rows.length - 1].socketsConnected)
          : NaN,
        rssBaselineBytes: rss0,
        guestsPerSec: g ? (Object.values(g.statuses).reduce((a, b) => a + b, 0) * 1000) / g.wallMs : NaN,
        guestStatuses: g?.statuses,
        guestErrors: g?.errors,
        guestP99: g ? histP99(g.hist) : NaN,
        guestCpuPct: g ? (g.cpuMs / g.wallMs) * 100 : NaN,
        guestSkipped: g?.skipped,
        ...r,
        guests: undefined,
      };
      rows.push(row);
      log?.(
        `  launch N=${n}: ${line(r)}, RSS ${(row.serverRssBytes / 1048576).toFixed(0)} MB (${(row.rssPerSocketBytes / 1024).toFixed(1)} KB/socket idle), realtime ${(r.realtimeBytesPerSec / 1048576).toFixed(1)} MB/s, guests ${row.guestsPerSec.toFixed(0)}/s`,
      );
    }
  } finally {
    await pool.stop();
    await placer.stop();
    await guestWorker.stop();
  }
  const crossing = rows.find((r) => !(r.p99WithMissing <= 250));
  const e2eCrossing = rows.find((r) => !(r.e2eP99WithMissing <= 250));
  return {
    rate,
    durationMs,
    warmupMs,
    drainMs,
    guests,
    steps,
    rows,
    p99Crosses250At: crossing ? crossing.players : null,
    e2eP99Crosses250At: e2eCrossing ? e2eCrossing.players : null,
  };
}

function histP99(json) {
  return Hist.fromJSON(json).percentile(99);
}
