// Markdown for docs/benchmarks.md: the latest run's figures against the targets, plus a
// history of one line per run (kept across runs, newest last).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const f0 = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : v === Infinity ? '∞' : 'n/a');
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : v === Infinity ? '∞' : 'n/a');
const f2 = (v) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const kb = (b) => (Number.isFinite(b) ? `${(b / 1024).toFixed(0)} KB` : 'n/a');
const mb = (b) => (Number.isFinite(b) ? `${(b / 1048576).toFixed(0)} MB` : 'n/a');
const srv = (cpu, wait) => `server ${f0(cpu)} %${Number.isFinite(wait) ? ` (main thread waited for a CPU ${f0(wait)} % of the time)` : ''}`;
const verdict = (ok) => (typeof ok === 'string' ? ok : ok === null || ok === undefined ? '—' : ok ? '**met**' : '**MISSED**');

const HISTORY_START = '<!-- bench:history:start -->';
const HISTORY_END = '<!-- bench:history:end -->';

export function figuresTable(R) {
  const rows = [];
  const add = (figure, target, measured, load, ok) => rows.push(`| ${figure} | ${target} | ${measured} | ${load} | ${verdict(ok)} |`);
  if (R.placements) {
    const m = R.placements.median;
    add(
      `1. Accepted placements/s, \`POST /api/canvas/pixels\` (autocannon, ${R.placements.connections} connections, ${R.placements.users} users, ${R.placements.durationS} s × ${R.placements.reps})`,
      '≥ 3,000/s',
      `**${f0(m.acceptedPerSec)}/s** (runs: ${R.placements.runs.map((r) => f0(r.acceptedPerSec)).join(', ')}); latency p50 ${f0(m.latencyP50)} ms, p99 ${f0(m.latencyP99)} ms; non-2xx ${f0(m.non2xx)}`,
      `${srv(m.serverCpuPct, m.serverWaitPct)}, autocannon ${f0(m.clientCpuPct)} %`,
      m.acceptedPerSec >= 3000,
    );
  }
  for (const s of R.snapshotOffline ?? []) {
    add(
      `2. Snapshot ${s.size} (realistic canvas), size / node async zlib L6 / library decode`,
      s.width === 2000 ? 'none (design note: ≈ 500 KB, ≈ 55 ms)' : 'none',
      `**${kb(s.bytes)}** / **${f1(s.compressMs)} ms** / **${f1(s.decodeMs)} ms** (median of ${s.reps})`,
      'bench process only (no server)',
      null,
    );
  }
  if (R.snapshotLoad) {
    const s = R.snapshotLoad;
    add(
      `2. Event-loop delay p99 while snapshotting ${s.canvas} under ${f0(s.rate)} placements/s (≈ ${f0(s.snapshotsPerSec)} snapshots/s; ${f0(s.eldSamples?.length)} 1-s windows from ${s.reps ?? 1} server run(s))`,
      '≤ 30 ms',
      `**${f1(s.eldP99MedianMs)} ms** median window, max ${f1(s.eldP99MaxMs)} ms (idle ${f1(s.idleEldP99Ms)} ms); accepted ${f0(s.acceptedPerSec)}/s; windows: ${(s.eldSamples ?? []).map((v) => f0(v)).join(', ')}`,
      `${srv(s.serverCpuPct, s.serverWaitPct)}, placer ${f0(s.placerCpuPct)} %`,
      s.eldP99MedianMs <= 30,
    );
    const b = R.snapshotLoadBaseline;
    if (b) {
      add(
        `2. Same load and canvas, periodic snapshots switched off (\`SNAPSHOT_EVERY=1000000\`, \`GUEST_POLL_MS=3600000\`): baseline`,
        'comparison',
        `**${f1(b.eldP99MedianMs)} ms** median window, max ${f1(b.eldP99MaxMs)} ms; accepted ${f0(b.acceptedPerSec)}/s; windows: ${(b.eldSamples ?? []).map((v) => f0(v)).join(', ')} → with snapshots − without: ${f1(s.eldP99MedianMs - b.eldP99MedianMs)} ms`,
        `${srv(b.serverCpuPct, b.serverWaitPct)} (vs ${f0(s.serverCpuPct)} % with snapshots)`,
        null,
      );
    }
  }
  if (R.gets) {
    for (const kind of ['200', '304']) {
      const g = R.gets[kind];
      if (!g) continue;
      add(
        `3. \`GET /api/canvas\` → ${kind}${kind === '304' ? ' (If-None-Match)' : ` (${kb(g.snapshotBytes)} snapshot)`} (autocannon, ${g.connections} connections, ${g.durationS} s × ${g.reps})`,
        kind === '304' ? '≥ 5,000/s (issue 8)' : 'none',
        `**${f0(g.median.wantedPerSec)}/s** (runs: ${g.runs.map((r) => f0(r.wantedPerSec)).join(', ')}); p99 ${f0(g.median.latencyP99)} ms${kind === '200' ? `, ${f0(g.median.mbPerSec)} MB/s` : ''}`,
        `${srv(g.median.serverCpuPct, g.median.serverWaitPct)}, autocannon ${f0(g.median.clientCpuPct)} %`,
        kind === '304' ? g.median.wantedPerSec >= 5000 : null,
      );
    }
  }
  if (R.fanout) {
    const F = R.fanout;
    const b = F.batched.median;
    const n = F.naive.median;
    const p99 = b.deliveredPct < 100 ? b.p99WithMissing : b.p99;
    add(
      `4. Fan-out, ${f0(F.sockets)} sockets × ${f0(F.rate)} placements/s offered: 201 → receipt (batched, the server)`,
      'p99 ≤ 150 ms',
      `p50 **${f1(b.p50)} ms**, p99 **${f1(p99)} ms**, max ${f1(b.max)} ms; delivered ${f2(b.deliveredPct)} %; accepted ${f0(b.acceptedPerSec)}/s; send → receipt p50 ${f1(b.e2eP50)} / p99 **${f1(b.e2eP99)} ms**; spread (first socket → each socket) p99 ${f1(b.spreadP99)} ms`,
      `${srv(b.serverCpuPct, b.serverWaitPct)}, ELD p99 ${f0(b.serverEldP99Ms)} ms; clients ${f0(b.clientCpuPct)} % in ${F.workers} processes, placer ${f0(b.placerCpuPct)} %`,
      `${verdict(p99 <= 150)} (201 → receipt); ${b.e2eP99 <= 150 ? 'met' : 'missed'} on the stricter send → receipt reading`,
    );
    add(
      `4. Same load, naive per-placement JSON \`emit\` (bench/naive-server.mjs)`,
      'comparison',
      `accepted **${f0(n.acceptedPerSec)}/s** of ${f0(F.rate)} offered; 201 → receipt p50 ${f1(n.p50)} / p99 ${f1(n.p99)} ms; send → receipt p50 ${f1(n.e2eP50)} / p99 **${f1(n.e2eP99)} ms**; delivered ${f2(n.deliveredPct)} % of accepted`,
      `${srv(n.serverCpuPct, n.serverWaitPct)}, ELD p99 ${f0(n.serverEldP99Ms)} ms; clients ${f0(n.clientCpuPct)} %, placer ${f0(n.placerCpuPct)} %`,
      null,
    );
    add(
      '4. Batched ÷ naive, same run (median of per-rep ratios)',
      'report',
      `**${f1(F.ratio.updatesDelivered)}×** updates delivered/s (${f0(b.updatesDeliveredPerSec / 1000)}k vs ${f0(n.updatesDeliveredPerSec / 1000)}k), ${f1(F.ratio.accepted)}× accepted placements, ${f1(F.ratio.e2eP99)}× lower send → receipt p99`,
      `server CPU ${f0(b.serverCpuPct)} % vs ${f0(n.serverCpuPct)} %`,
      null,
    );
  }
  if (R.launch) {
    const L = R.launch;
    for (const r of L.rows) {
      const p99 = r.deliveredPct < 100 ? r.p99WithMissing : r.p99;
      const e2e = r.deliveredPct < 100 ? r.e2eP99WithMissing : r.e2eP99;
      const limit = r.players === 5000 ? 150 : r.players === 10000 ? 400 : null;
      const target = r.players === 5000 ? '100 % delivered, p99 ≤ 150 ms (issue 8)' : r.players === 10000 ? 'p99 ≤ 400 ms (issue 8)' : 'report';
      const full = (r.players === 5000 ? r.deliveredPct >= 100 : true) && r.acceptedPerSec >= 0.95 * L.rate;
      const short = r.acceptedPerSec < 0.95 * L.rate ? ` — the server accepted only ${f0(r.acceptedPerSec)} of ${f0(L.rate)} placements/s` : '';
      const ok = limit === null ? null : `${verdict(full && p99 <= limit)} (201 → receipt); ${full && e2e <= limit ? 'met' : '**MISSED**'} on send → receipt${short}`;
      add(
        `5. Launch day, ${f0(r.players)} players (sockets) × ${f0(L.rate)}/s offered + ${f0(L.guests.count)} guests polling`,
        target,
        `201 → receipt p50 ${f1(r.p50)} / p99 **${f1(p99)}** / max ${f1(r.max)} ms; send → receipt p50 ${f1(r.e2eP50)} / p99 **${f1(e2e)}** / max ${f1(r.e2eMax)} ms; spread p99 ${f1(r.spreadP99)} ms; delivered ${f2(r.deliveredPct)} %; accepted **${f0(r.acceptedPerSec)}/s**; tick ${f0(r.tickIntervalMs)} ms`,
        `${srv(r.serverCpuPct, r.serverWaitPct)}, ELD p99 ${f0(r.serverEldP99Ms)} ms; clients ${f0(r.clientCpuPct)} %, placer ${f0(r.placerCpuPct)} %`,
        ok,
      );
    }
  }
  if (R.memory) {
    const m = R.memory;
    add(
      `5. Server memory per socket: ${f0(m.sockets)} idle sockets on a fresh server (growth ÷ sockets, after a full GC through the inspector)`,
      '≤ 20 KB (issue 8)',
      `**${f1(m.rssPerSocketBytes / 1024)} KB RSS** (${mb(m.before.rss)} → ${mb(m.after.rss)}); ${f1(m.livePerSocketBytes / 1024)} KB live V8 heap + external`,
      'no load; sockets in forked light clients',
      m.rssPerSocketBytes <= 20 * 1024,
    );
  }
  return ['| figure | target | measured (median of repeated runs) | CPU (% of one core) | verdict |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function launchTable(L) {
  const head =
    '| players (sockets) | accepted/s (skipped) | 201→receipt p50 / p99 / max (ms) | send→receipt p50 / p99 / max (ms) | spread p99 (ms) | delivered | tick (ms) | server CPU (waiting for a CPU) | ELD p99 (median / max) | RSS (idle → loaded) | RSS/socket (avg / marginal) | realtime bytes/s | all bytes written/s | guest polls/s (p99, skipped) | clients CPU | placer CPU |';
  const rows = L.rows.map(
    (r) =>
      `| ${f0(r.players)} | ${f0(r.acceptedPerSec)} (${f0(r.skipped)})${refused(r)} | ${f1(r.p50)} / ${f1(r.deliveredPct < 100 ? r.p99WithMissing : r.p99)} / ${f1(r.max)} | ${f1(r.e2eP50)} / ${f1(r.deliveredPct < 100 ? r.e2eP99WithMissing : r.e2eP99)} / ${f1(r.e2eMax)} | ${f1(r.spreadP99)} | ${f2(r.deliveredPct)} % | ${f0(r.tickIntervalMs)} | ${f0(r.serverCpuPct)} % (${f0(r.serverWaitPct)} %) | ${f0(r.serverEldP99Ms)} / ${f0(r.serverEldP99MaxMs)} ms | ${mb(r.rssIdleBytes)} → ${mb(r.serverRssBytes)} | ${f1(r.rssPerSocketBytes / 1024)} / ${f1(r.rssMarginalPerSocketBytes / 1024)} KB | ${f1(r.realtimeBytesPerSec / 1048576)} MB/s | ${f1(r.writtenBytesPerSec / 1048576)} MB/s | ${f0(r.guestsPerSec)} (${f0(r.guestP99)} ms, ${f0(r.guestSkipped)}) | ${f0(r.clientCpuPct)} % | ${f0(r.placerCpuPct)} % |`,
  );
  return [head, `|${'---|'.repeat(16)}`, ...rows].join('\n');
}

function refused(r) {
  const codes = Object.entries(r.codes ?? {});
  return codes.length ? `; refused ${codes.map(([k, v]) => `${f0(v)} × ${k}`).join(', ')}` : '';
}

export function fanoutRunsTable(F) {
  const head = '| rep | variant | accepted/s (skipped) | 201→receipt p50 / p99 (ms) | send→receipt p50 / p99 (ms) | spread p99 (ms) | delivered | updates/s | server CPU (waiting for a CPU) | server ELD p99 | clients CPU (ELD p99) | placer CPU |';
  const rows = [];
  F.batched.runs.forEach((b, i) => {
    for (const [name, r] of [
      ['batched', b],
      ['naive', F.naive.runs[i]],
    ]) {
      rows.push(
        `| ${i + 1} | ${name} | ${f0(r.acceptedPerSec)} (${f0(r.skipped)})${refused(r)} | ${f1(r.p50)} / ${f1(r.p99)} | ${f1(r.e2eP50)} / ${f1(r.e2eP99)} | ${f1(r.spreadP99)} | ${f2(r.deliveredPct)} % | ${f0(r.updatesDeliveredPerSec / 1000)}k | ${f0(r.serverCpuPct)} % (${f0(r.serverWaitPct)} %) | ${f0(r.serverEldP99Ms)} ms | ${f0(r.clientCpuPct)} % (${f0(r.clientEldP99MaxMs)} ms) | ${f0(r.placerCpuPct)} % |`,
      );
    }
  });
  return [head, `|${'---|'.repeat(12)}`, ...rows].join('\n');
}

export function historyLine(R) {
  const b = R.fanout?.batched.median;
  const at = (n) => (n ? f0(n) : `> ${f0(Math.max(...R.launch.steps))}`);
  const crossing = R.launch ? `${at(R.launch.p99Crosses250At)} / ${at(R.launch.e2eP99Crosses250At)}` : 'n/a';
  return `| ${R.meta.date} | \`${R.meta.commit}\`${R.meta.dirty ? ' (+local changes)' : ''} | ${R.meta.mode} | ${f0(R.placements?.median.acceptedPerSec)} | ${f0(R.gets?.['304']?.median.wantedPerSec)} | ${f1(R.snapshotLoad?.eldP99MedianMs)} | ${b ? `${f1(b.p50)} / ${f1(b.p99)} (send: ${f1(b.e2eP99)})` : 'n/a'} | ${R.fanout ? `${f1(R.fanout.ratio.updatesDelivered)}×` : 'n/a'} | ${crossing} | ${R.meta.loadBefore} |`;
}

const HISTORY_HEAD =
  '| date | commit | mode | placements/s | 304/s | ELD p99 snapshotting (ms) | fan-out 2,000×1,000 201→receipt p50 / p99 (send→receipt p99) (ms) | batched ÷ naive updates | p99 > 250 ms at N (201 / send) | load avg before |\n|---|---|---|---|---|---|---|---|---|---|';

export function renderDoc(R, previousDoc) {
  let history = [];
  if (previousDoc && previousDoc.includes(HISTORY_START)) {
    const inner = previousDoc.slice(previousDoc.indexOf(HISTORY_START) + HISTORY_START.length, previousDoc.indexOf(HISTORY_END));
    history = inner.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| date') && !l.startsWith('|---'));
  }
  // Re-rendering a run (--render) replaces its own line instead of adding a second one.
  const line = historyLine(R);
  const key = line.split(' | ').slice(0, 2).join(' | ');
  history = history.filter((l) => l.split(' | ').slice(0, 2).join(' | ') !== key);
  history.push(line);
  const M = R.meta;
  const parts = [];
  parts.push(`# Benchmarks

Generated by \`npm run bench\` (\`node bench/run.mjs\`); do not edit by hand — the next run
rewrites everything above **History** and appends one line to it. Loopback only; the load
generators run on the same 2 cores as the server, so every figure carries the CPU of the
server and of the clients. Targets come from issue 2 (placements, snapshots, fan-out)
and issue 8 (launch day, 304s, memory per socket).

## How to run

\`\`\`sh
npm run bench                 # full run (≈ 5 min; a watchdog stops it at 20), rewrites this file
npm run bench -- --quick      # < 1 min smoke run for development; prints, writes bench/out/last-run.md only
npm run bench -- --only=fanout,launch --steps=500,2000   # a subset (does not touch this file unless --write)
\`\`\`

Other flags: \`--no-build\` (use the existing \`dist/apps/api/main.js\`), \`--build\` (always
rebuild), \`--write\` / \`--no-write\`, \`--reps=N\`, \`--only=wsref\` (the Socket.IO vs plain \`ws\`
comparison below; \`--wsref-sockets=N\`, \`--wsref-tick=MS\`). \`BENCH_CPU_PROF=<dir>\` makes every server
under test write a V8 CPU profile there. Raw results of every run go to \`bench/out/\`.

## Latest run

- Command: \`${M.command}\`
- Date: ${M.date}; duration ${f0(M.durationS)} s
- Git commit: \`${M.commit}\`${M.dirty ? ' (the working tree had uncommitted changes under apps/ or libs/)' : ''}
- Machine: ${M.machine.nproc} × ${M.machine.cpuModel}, ${f1(M.machine.memGb)} GB RAM, Node ${M.machine.node} (${M.machine.platform}); load average before ${M.loadBefore}, after ${M.loadAfter}
- Server: \`dist/apps/api/main.js\` (webpack bundle), Express platform, Socket.IO ${M.socketIo}; env \`COOLDOWN_MS=0\` (launch day: \`${M.launchCooldownMs ?? 'n/a'}\`), rate limits raised, \`TICK_MS=50\`, \`SNAPSHOT_EVERY\` default (100), \`MAX_PLAYERS=1000000\`, \`AFK_AFTER_MS=3600000\`, \`NODE_ENV\` unset
- Placement auth: **${M.authMode}** (${M.authMode === 'token' ? 'dev login tokens; every placing user holds an open /play socket' : '`X-Dev-User` development header; sockets connect without a token'})

### Figures against targets

${figuresTable(R)}
`);
  if (R.fanout) {
    parts.push(`### Fan-out runs (${f0(R.fanout.sockets)} sockets, ${f0(R.fanout.rate)} placements/s offered by ${R.fanout.placingUsers} users, ${f0(R.fanout.durationMs / 1000)} s each, first ${f1(R.fanout.warmupMs / 1000)} s not counted)

${fanoutRunsTable(R.fanout)}
`);
  }
  if (R.launch) {
    const L = R.launch;
    parts.push(`### Launch day (issue 8)

${f0(L.rate)} placements/s in total, each player placing every N/${f0(L.rate)} s (server cooldown ${M.launchCooldownMs} ms), ${f0(L.guests.count)} guests polling \`GET /api/canvas\` with If-None-Match every ${f0(L.guests.pollMs)} ms, ${f0(L.durationMs / 1000)} s per step (first ${f1(L.warmupMs / 1000)} s not counted); sockets accumulate from step to step. **p99 crosses 250 ms at: ${L.p99Crosses250At ? `${f0(L.p99Crosses250At)} players` : `not within ${f0(Math.max(...L.steps))} players`} (201 → receipt); ${L.e2eP99Crosses250At ? `${f0(L.e2eP99Crosses250At)} players` : `not within ${f0(Math.max(...L.steps))} players`} (send → receipt).**

${launchTable(L)}
`);
  }
  parts.push(`### Notes on this run

${(R.notes ?? []).map((n) => `- ${n}`).join('\n')}

## Investigations (hand-written in bench/lib/report.mjs)

- **Where the launch-day wall was, and what moved it** (issue 8, 2026-11-28). Each tick
  writes one frame to every socket. At a fixed 50 ms tick that is 100,000 socket writes/s at
  5,000 sockets, and CPU profiles (\`BENCH_CPU_PROF=<dir>\`) put ≈ 0.6 of a core into
  \`writev\` alone: kernel time on loopback TCP, the same for any library (a plain \`ws\`
  server spends 57 % of its profile there). Placements queued behind the writes, so the
  server accepted only 607–698 of 1,000 placements/s at 5,000 sockets and 132/s at 10,000.
  Three changes, each measured with launch day's 5,000 and 10,000 steps
  (\`npm run bench -- --only=launch --steps=5000,10000 --no-build\`):
  1. **A paced tick** (\`apps/api/src/app/canvas/tick-pacer.ts\`): the server measures what a
     broadcast costs and starts the next tick \`cost ÷ 50 %\` after the last began (never
     sooner than \`TICK_MS\`, never later than \`TICK_MAX_MS\`), so the writes keep to half of
     the event loop and placements get the rest. 1,000/s accepted at both steps; 201 →
     receipt p99 149 / 326 ms with ticks of 165 / 368 ms.
  2. **Lighter receivers** (\`bench/lib/raw-ws.mjs\`: WebSocket over plain TCP, frames compared
     as bytes): clients 29–30 % of a core instead of 32–38 %; p99 139 / 332 ms.
  3. **Direct frames** (\`apps/api/src/app/realtime/frame-broadcast.ts\`): a socket whose
     WebSocket transport is idle gets the precomputed frame straight from \`ws\`'s sender,
     skipping Engine.IO's per-packet path (packet object, write buffer, flush/drain events,
     a callback per write); other sockets take Socket.IO's path, so each keeps its order.
     Broadcast cost at 5,000 sockets: ticks of 94–107 ms instead of 139–165 ms; p99
     108 / 253 ms. (An earlier try of the same bypass, at a fixed tick, showed no gain
     because the saturated server's CPU was the only thing measured.) A profile afterwards
     (5,000 sockets, steady state): the broadcast takes 49 % of the main thread and 96 % of
     that is \`writev\` itself; HTTP 21 %, GC 4 %, idle 16 %. The per-socket write is the
     floor for one process.
- **The load-share setting** (\`BROADCAST_MAX_LOOP_PERCENT\`, same command; 5,000 / 10,000
  sockets). Before change 3: 40 % → 1,000 / 1,000 accepted/s, p99 180 / 390 ms; 50 % →
  1,000 / 1,000, p99 139 / 332; 55 % → 995 / 983, p99 140 / 276; 60 % → 989 / 969, p99
  113 / 238; 65 % → 994 / 922, p99 95 / 219. With change 3: 50 % → 1,000 / 1,000, p99
  107 / 253 (send → receipt 168 at 5,000); 60 % → 1,000 / 1,000, p99 102 / 218 (send →
  receipt 188 / 401); 70 % → 1,000 / 956, p99 66 / 206 (send → receipt 157 / 324). 50 % stays
  the default: it holds 1,000/s at 10,000 sockets with the most room. A higher share shortens
  the tick but lengthens the wait of the placements themselves, so send → receipt at 5,000
  sockets stays at 150–190 ms whatever the share.
- **Tried and dropped: a sliced broadcast.** Writing 500 sockets per event-loop turn, with
  requests served in between, cut the event-loop delay p99 from 97 to 37 ms but made
  fan-out worse (201 → receipt p99 286 ms at 5,000, 781 ms at 10,000): the requests served
  between slices delay the remaining sockets, and the socket writes cost the same either way.
- **Snapshots under launch load**: at 1,000/s a snapshot is due every 100 ms and zlib runs
  back to back on the thread pool. With them off (\`SNAPSHOT_EVERY=1000000\`) the server's
  CPU fell from 104 % to 85 % but latency stayed the same (p99 144 / 283 ms), so they stay
  as docs/protocol.md asks.
- **Is Socket.IO the wall? Not any more.** \`npm run bench -- --only=wsref --reps=3 --no-write\`
  runs launch day's 5,000 step against four servers in turn, each alone (5,000 sockets in 4
  forked receivers, 1,000 placements/s offered, 1,000 guests, 10 s, the first 2 s not
  counted). \`bench/ws-reference-server.mjs\` is a plain \`ws\` server with no Socket.IO,
  framework, auth or database; it writes one precomputed frame of
  \`42/play,["pixels","<base64>"]\` per tick to every socket, paced by the same rule or fixed:

  | 5,000 sockets, 3 reps | accepted/s | 201→receipt p50 / p99 ms | send→receipt p99 ms | tick ms | server CPU (waited) | clients CPU |
  |---|---|---|---|---|---|---|
  | Socket.IO server, paced (default) | 1,000 / 1,000 / 1,000 | 54–58 / 101–116 | 152–178 | 94–107 | 101–104 % (15–17 %) | 37–42 % |
  | Socket.IO server, fixed 50 ms tick | 775 / 807 / 733 | 27–30 / 58–66 | 140–160 | 50 | 91–96 % (14–18 %) | 65–74 % |
  | plain \`ws\`, paced | 1,000 / 1,000 / 1,000 | 53–63 / 92–117 | 126–159 | 77–90 | 53–55 % (9–11 %) | 46–49 % |
  | plain \`ws\`, fixed 50 ms tick | 962 / 965 / 869 | 29–32 / 61–67 | 107–125 | 50 | 74–77 % (23–27 %) | 74–75 % |

  **Conclusion.** At a fixed 50 ms tick neither server holds 1,000/s at 5,000 sockets on
  this machine. The plain \`ws\` server comes closest, at 869–965/s with 23–27 % of its time
  spent waiting for a core. With pacing, both hold 1,000/s. The real server's ticks are
  about 20 % longer than the reference's (94–107 ms against 77–90 ms): that is the cost
  of Socket.IO and the app. Its fan-out p99 (101–116 ms) is within the reference's range
  (92–117 ms).

  The design that reaches the target is therefore Socket.IO 4.8 with:
  - a paced tick;
  - one precomputed text frame per socket;
  - idle WebSocket transports written directly.

  A lighter parser would not help, because \`pixels\` is already one string per tick. What
  remains is the per-socket write, which is kernel time.
- **Placement latency.** Group commits run once per event-loop turn (not per tick), so the
  201 no longer waits up to a tick; accepted placements/s went from 4,702 to 5,472 in one
  A/B run. The rate limiter's default storage filtered an array of every hit per request
  (O(hits in the window)); an O(1) sliding-window storage took \`GET /api/canvas\` 304s from
  1,852/s to 9,971/s in the same A/B.
- **Memory per socket.** RSS growth during load includes garbage not yet collected (20–37 KB
  per socket in the launch table); live memory after a full GC is 13–14 KB per socket
  (\`node bench/memory-per-socket.mjs 10000\`: 13.1 KB heap, 14.4 KB RSS).
- **Next step for more sockets per machine**: several API instances behind a load balancer
  (DESIGN.md's Redis scale path, not built yet); each instance pays the per-socket writes
  only for its own sockets.

## Other measurements (hand-written in bench/lib/report.mjs; run on this machine 2026-11-28)

| what | command | figure |
|---|---|---|
| presence expiry scheduler, 100,000 players | \`node bench/presence-scheduler.bench.mjs\` | schedule 225 ns, move a deadline 128 ns, expiry 293 ns (1.16 µs with real timers, lateness p99 1 ms); never more than 1 armed timer (one timer per player: 100,000 timers) |
| admission queue, 100,000 entries | \`node bench/presence-scheduler.bench.mjs\` | enqueue 197 ns, position 214 ns, remove 101 ns |
| placement with presence + cooldowns in Redis (several instances) vs in process, local Redis, 2026-12-05 | \`node bench/placement-hot-state.bench.mjs\` | +210–230 µs per placement at p50 (two round trips of ~110–140 µs: the placement gate before the commit, the AFK window after it); ~40 µs of Node CPU per placement vs ~3 µs in process; one connection sustains 11,000–15,000 placements/s with 50 in flight (machine shared, load average 5–7) |
| access-token verify | \`node bench/access-token.bench.mjs\` | 6.2 µs with a KeyObject key vs 299 µs with a string secret |
| live memory per socket after full GC | \`node bench/memory-per-socket.mjs 10000\` | 13.1 KB heap, 14.4 KB RSS |
| history PNG (palette) encode, event-loop blocking | ad-hoc timing during development (no script kept) | 1000²: 33 ms total, 0.6 ms on the loop, 291 KiB; 2000²: 130–170 ms total, 2–8 ms on the loop, 1.2 MiB |
| live stream, 1000² canvas at 2 fps to 1920×1080 | ad-hoc run during development (no script kept), under 4,000 placements/s | event-loop p99 6.8 ms; ffmpeg ≈ 8 % CPU at nice 10; 0 dropped frames |
| PWA build | \`npx ng build web\` | 4.5 s warm, 9–10 s cold; first load 385 kB (107 kB compressed) |
| PWA on a 2000×2000 canvas while panning, ≈ 300 placements/s | \`npm run test:e2e\` (2000×2000 e2e) | frame interval p50 17 ms, p95 17 ms, max 33–83 ms (headless Chromium, no GPU) |
| a placed pixel reaching a second browser | \`npm run test:e2e\` (play e2e) | 164–394 ms from pressing Place |
| client recovery after \`kill -9\` + restart | \`npm run test:slow\` (printed) | 77–500 ms from the restarted server answering to caught up |

## Method

- **Clients.** \`bench/lib/sio-light.mjs\` speaks Engine.IO v4 / Socket.IO v5 directly over \`ws\`
  (open, \`40/play,{token}\`, ping/pong, \`42/play,["pixels","…"]\`); receivers run in
  forked processes (\`bench/lib/client-proc.mjs\`), decode every frame with the shared
  \`@pixel-wars/protocol\` (bundled once by esbuild to \`bench/out/protocol.mjs\`; identical
  strings in one process are decoded once) and timestamp it on CLOCK_MONOTONIC, which all
  processes share.
- **201 → receipt.** The placer process (\`bench/lib/http-load-proc.mjs\`) offers placements at
  a fixed rate (a send that finds all 500 connections busy is skipped and counted, never
  queued) and records, per version from the 201 body, when the 201 arrived. Each receiver
  turns every (placement, socket) pair into one sample: receipt − 201. The server writes
  the tick's frame to the sockets *before* the 201s of that tick's group commit go out,
  so early sockets receive the pixel before its placer sees the 201 and samples can be
  negative; **send → receipt** (from the moment the placer sent the POST, including the
  wait for the next tick and the commit) is shown next to it. A placement that a socket
  had not received when recording stopped (1 s after the last 201; 3 s for the naive
  server) counts as not delivered; "p99" is computed with undelivered pairs as +∞ when
  delivery is below 100 %.
- **Naive comparison.** \`bench/naive-server.mjs\`: same socket.io version and server options,
  same endpoint shape, one \`emit('pixel', {x,y,color,version})\` to every socket per
  placement, 201 right after; no framework, auth or database, so it is *cheaper* than the
  real server except for the fan-out itself. Both variants get the identical offered
  load, in the same run, alternating.
- **CPU.** Server: \`/proc/<pid>/stat\` (utime+stime) over the measured window; clients:
  \`process.cpuUsage()\` of every load process, summed; "%" is of one core (the machine
  has ${M.machine.nproc}). "Waited for a CPU" is the run-queue delay of the server's main
  thread (\`/proc/<pid>/schedstat\`): the share of wall time the event loop was ready to run
  while other processes (the load clients, other work on the machine) held the cores — a
  direct measure of how much the figure is limited by sharing 2 cores. Event-loop delay: the server's own
  \`pixelwars_event_loop_delay_p99_ms\` (1-s windows, sampled each second from
  \`GET /api/metrics\`). Bytes: \`pixelwars_realtime_bytes_per_second\` (payload) and
  \`wchar\` of \`/proc/<pid>/io\` (everything the server wrote, database included).
- **Memory per socket.** A fresh server started with \`--inspect=127.0.0.1:<port>\`; all players
  sign in first, then a full GC (\`HeapProfiler.collectGarbage\` over the inspector) and
  \`process.memoryUsage()\` before and after connecting the idle sockets. The launch-day table's
  RSS columns are plain RSS under load (garbage included).
- **Canvas.** Figures 1, 3, 4, 5 run on a 1000×1000 and figure 2 on a 2000×2000 server canvas
  seeded with the same deterministic r/place-like picture (\`bench/lib/canvas-gen.mjs\`:
  flags, bordered blocks, blobby pixel art, glyph rows, dithered gradients, scribbles,
  2.5 % single-pixel noise), written as a checkpoint before the server starts.
- **Noise.** The machine is shared: throughput and latency figures are medians of repeated
  runs, the batched/naive comparison is a ratio within the same run, and the load
  average before/after is recorded.

## History

${HISTORY_START}
${HISTORY_HEAD}
${history.join('\n')}
${HISTORY_END}
`);
  return parts.join('\n');
}

export function writeDoc(path, R) {
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, renderDoc(R, previous));
}

/** Observations derived from the figures of this run (written under "Notes on this run"). */
export function autoNotes(R) {
  const notes = [];
  const M = R.meta;
  const load1 = Number(String(M.loadBefore).split(' ')[0]);
  const loadAfter1 = Number(String(M.loadAfter ?? '').split(' ')[0]);
  if (load1 > M.machine.nproc / 2) {
    notes.push(
      `The machine was busy with other work when the run started (1-min load average ${load1} on ${M.machine.nproc} cores; ${M.loadAfter} after, which includes this run's own load): figures are pessimistic and vary between repetitions; the "waited for a CPU" share next to each figure shows how much the server was held back; compare the same-run ratios rather than absolute values across runs.`,
    );
  } else {
    notes.push(
      `The machine was quiet when the run started (1-min load average ${load1} on ${M.machine.nproc} cores; ${loadAfter1} at the end, mostly this run's own clients). The remaining "waited for a CPU" share is mostly the load generators competing with the server for the 2 cores.`,
    );
  }
  const b = R.fanout?.batched.median;
  if (b && b.p50 < 0) {
    notes.push(
      `The 201 → receipt figure is negative at the median (${f1(b.p50)} ms at ${f0(R.fanout.sockets)} sockets): on each tick the server commits, then writes the batch frame to every socket, and only then do the 201s of that commit go out, so most sockets hold the pixel before its placer holds the 201. That makes 201 → receipt flattering: it hides the broadcast inside the placement latency (the placement request p50 / p99 was ${f1(b.reqP50)} / ${f1(b.reqP99)} ms). The send → receipt figure (p99 ${f1(b.e2eP99)} ms) and the spread (first socket → each socket, p99 ${f1(b.spreadP99)} ms) are the honest fan-out costs; sending the 201s before the broadcast would cut placement latency by about the broadcast time.`,
    );
  }
  const s = R.snapshotLoad;
  const base = R.snapshotLoadBaseline;
  if (s && base) {
    notes.push(
      `Snapshotting a 2000×2000 canvas every 100 versions at ${f0(s.acceptedPerSec)} placements/s (≈ ${f0(s.snapshotsPerSec)} compressions/s at level 6${R.snapshotOffline?.some((x) => x.width === 2000) ? `, each ≈ ${f0(R.snapshotOffline.find((x) => x.width === 2000).compressMs)} ms of zlib in this run` : ''}) costs the server ${f0(s.serverCpuPct - base.serverCpuPct)} % of a core more than the same load with snapshots off (${f0(s.serverCpuPct)} % vs ${f0(base.serverCpuPct)} %); the event loop itself moved by ${f1(s.eldP99MedianMs - base.eldP99MedianMs)} ms (p99, median window), since compression runs on the libuv thread pool. On 2 shared cores the thread pool competes with the event loop and with the clients.`,
    );
  }
  const g200 = R.gets?.['200']?.median;
  if (g200 && g200.clientCpuPct > 90) {
    notes.push(
      `\`GET /api/canvas\` → 200 is limited by the client here: autocannon used ${f0(g200.clientCpuPct)} % of a core receiving ${f0(g200.mbPerSec)} MB/s while the server used ${f0(g200.serverCpuPct)} %; the server's own ceiling for 200s is higher than ${f0(g200.wantedPerSec)}/s.`,
    );
  }
  if (R.launch) {
    const short = R.launch.rows.filter((r) => r.acceptedPerSec < 0.95 * R.launch.rate);
    if (short.length) {
      const first = short[0];
      notes.push(
        `From ${f0(first.players)} sockets on, the server no longer takes the offered ${f0(R.launch.rate)} placements/s (${short.map((r) => `${f0(r.acceptedPerSec)}/s at ${f0(r.players)} with a ${f0(r.tickIntervalMs)} ms tick`).join(', ')}): HTTP intake waits behind the broadcasts (server event-loop delay p99 ${short.map((r) => `${f0(r.serverEldP99Ms)} ms`).join(' / ')}). Delivery stays at 100 %, but the 1,000/s target is not held in this run.`,
      );
    }
    for (const r of R.launch.rows) {
      const codes = Object.entries(r.codes ?? {});
      if (codes.length) {
        notes.push(
          `Launch day, ${f0(r.players)} players: ${codes.map(([k, v]) => `${f0(v)} × ${k}`).join(', ')} — each player places every ${f0((r.players * 1000) / R.launch.rate)} ms against a ${M.launchCooldownMs} ms cooldown, so a refusal means the server saw two requests of one player closer together than the cooldown although they were sent that far apart: requests were held up unevenly on the way (queues under load)${r.refusalSamples?.[0] ? ` — e.g. player ${r.refusalSamples[0].player}: sent ${f0(r.refusalSamples[0].sinceLastSendMs)} ms after its previous placement, whose 201 had taken ${f0(r.refusalSamples[0].previousLatencyMs)} ms; answer ${r.refusalSamples[0].body}` : ''}.`,
        );
      }
      if (r.skipped > 0) {
        notes.push(
          `Launch day, ${f0(r.players)} players: ${f0(r.skipped)} placements were not offered because all 500 placer connections were waiting on the server (accepted ${f0(r.acceptedPerSec)}/s of ${f0(R.launch.rate)}/s).`,
        );
      }
    }
  }
  if (M.authMode === 'token') notes.push('Auth: every socket connects with a dev-login access token and reaches status `playing` before a run; placements carry `Authorization: Bearer`.');
  else if (M.authMode === 'header') notes.push('Auth: the server had no dev login yet; placements used the `X-Dev-User` development header and sockets connected without a token.');
  return notes;
}
