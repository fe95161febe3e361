// Markdown for docs/benchmarks.md: the latest run's figures against the targets, plus a
// history of one line per run (kept across runs, newest last). The prose is in
// bench/templates/benchmarks*.md; this file computes the figures and tables.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fill, readTemplate } from './template.mjs';

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
      const ok =
        limit === null ? null : `${verdict(full && p99 <= limit)} (201 → receipt); ${full && e2e <= limit ? 'met' : '**MISSED**'} on send → receipt${short}`;
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
  const head =
    '| rep | variant | accepted/s (skipped) | 201→receipt p50 / p99 (ms) | send→receipt p50 / p99 (ms) | spread p99 (ms) | delivered | updates/s | server CPU (waiting for a CPU) | server ELD p99 | clients CPU (ELD p99) | placer CPU |';
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
  const crossing = (players) => (players ? `${f0(players)} players` : `not within ${f0(Math.max(...R.launch.steps))} players`);
  const fanoutSection = R.fanout
    ? `${fill(
        readTemplate('benchmarks-fanout.md'),
        {
          sockets: f0(R.fanout.sockets),
          rate: f0(R.fanout.rate),
          placingUsers: R.fanout.placingUsers,
          durationS: f0(R.fanout.durationMs / 1000),
          warmupS: f1(R.fanout.warmupMs / 1000),
          runsTable: fanoutRunsTable(R.fanout),
        },
        'benchmarks-fanout.md',
      )}\n`
    : '';
  const L = R.launch;
  const launchSection = L
    ? `${fill(
        readTemplate('benchmarks-launch.md'),
        {
          rate: f0(L.rate),
          cooldownMs: M.launchCooldownMs,
          guests: f0(L.guests.count),
          guestPollMs: f0(L.guests.pollMs),
          durationS: f0(L.durationMs / 1000),
          warmupS: f1(L.warmupMs / 1000),
          p99Crosses: crossing(L.p99Crosses250At),
          e2eP99Crosses: crossing(L.e2eP99Crosses250At),
          launchTable: launchTable(L),
        },
        'benchmarks-launch.md',
      )}\n`
    : '';
  return fill(
    readTemplate('benchmarks.md'),
    {
      command: M.command,
      date: M.date,
      durationS: f0(M.durationS),
      commit: M.commit,
      dirtyNote: M.dirty ? ' (the working tree had uncommitted changes under apps/ or libs/)' : '',
      nproc: M.machine.nproc,
      cpuModel: M.machine.cpuModel,
      memGb: f1(M.machine.memGb),
      node: M.machine.node,
      platform: M.machine.platform,
      loadBefore: M.loadBefore,
      loadAfter: M.loadAfter,
      socketIo: M.socketIo,
      launchCooldownMsOrNa: M.launchCooldownMs ?? 'n/a',
      authMode: M.authMode,
      authNote:
        M.authMode === 'token'
          ? 'dev login tokens; every placing user holds an open /play socket'
          : '`X-Dev-User` development header; sockets connect without a token',
      figuresTable: figuresTable(R),
      fanoutSection,
      launchSection,
      notes: (R.notes ?? []).map((n) => `- ${n}`).join('\n'),
      history: [HISTORY_START, HISTORY_HEAD, history.join('\n'), HISTORY_END].join('\n'),
    },
    'benchmarks.md',
  );
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
  if (M.authMode === 'token')
    notes.push(
      'Auth: every socket connects with a dev-login access token and reaches status `playing` before a run; placements carry `Authorization: Bearer`.',
    );
  else if (M.authMode === 'header')
    notes.push('Auth: the server had no dev login yet; placements used the `X-Dev-User` development header and sockets connected without a token.');
  return notes;
}
