// The "Several instances" section of docs/benchmarks.md: bench/templates/cluster.md with
// this run's figures filled in, kept between its own markers so that the rest of the
// document (written by report.mjs) and this section are rewritten independently.
import { readSection, writeSection } from './doc-section.mjs';
import { fill, readTemplate } from './template.mjs';

const num = (v, digits = 0) =>
  Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : v === Infinity ? '∞' : 'n/a';
const ms = (v) => (Number.isFinite(v) ? `${num(v, 1)} ms` : v === Infinity ? '∞' : 'n/a');

function fanoutRow(name, f) {
  const m = f.median;
  const perInstance = f.runs[0]?.instanceCpuPct?.length > 1 ? median3(f.runs.map((r) => r.instanceCpuPct)) : '—';
  return `| ${name} | ${num(m.acceptedPerSec)} | ${ms(m.p99WithMissing)} | ${ms(m.e2eP99WithMissing)} | ${num(m.deliveredPct, 2)} % | ${ms(m.tickIntervalMs)} | ${num(m.serverCpuPct)} % | ${perInstance} | ${num(m.postgresCpuPct)} % | ${num(m.redisCpuPct)} % |`;
}

function median3(lists) {
  return lists[0].map((_, i) => `${num(lists.map((l) => l[i]).sort((a, b) => a - b)[Math.floor(lists.length / 2)])} %`).join(' / ');
}

function placementRow(storage, instances, p) {
  const m = p.median;
  return `| ${storage} | ${instances} | **${num(m.acceptedPerSec)}** (runs: ${p.runs.map((r) => num(r.acceptedPerSec)).join(', ')}) | ${num(m.latencyP99)} ms | ${num(m.non2xx)} | ${num(m.serverCpuPct)} % | ${num(m.postgresCpuPct)} % | ${num(m.redisCpuPct)} % |`;
}

export function clusterSection(C, meta) {
  const model = C.model;
  const ratioOk = C.ratio.p99From201 <= 1.2;
  return fill(readTemplate('cluster.md'), {
    command: meta.command,
    date: meta.date,
    commit: meta.commit,
    machine: `${meta.machine.nproc} × ${meta.machine.cpuModel}, Node ${meta.machine.node}`,
    cores: meta.machine.nproc,
    sockets: num(C.config.fanout.sockets),
    rate: num(C.config.fanout.rate),
    placingUsers: C.config.fanout.placingUsers,
    durationS: C.config.fanout.durationMs / 1000,
    warmupS: C.config.fanout.warmupMs / 1000,
    reps: C.config.fanout.reps,
    fanoutRows: [fanoutRow('1 instance', C.fanout.single), fanoutRow('3 instances', C.fanout.cluster)].join('\n'),
    ratio201: `${num(C.ratio.p99From201, 2)}×`,
    ratioSend: `${num(C.ratio.p99FromSend, 2)}×`,
    verdict: ratioOk ? '**met**' : '**MISSED**',
    placeConnections: C.config.place.connections,
    placeUsers: C.config.place.users,
    placeDurationS: C.config.place.durationS,
    placeReps: C.config.place.reps,
    placementRows: [
      placementRow('SQLite', 1, C.placements.sqlite1),
      placementRow('PostgreSQL + Redis', 1, C.placements.postgres1),
      placementRow('PostgreSQL + Redis', 3, C.placements.postgres3),
    ].join('\n'),
    solvedNote: model.solved
      ? ''
      : ' (this run was too noisy to separate them: a constant solved below zero was taken as zero, so the count below is optimistic)',
    placeMs: num(model.placeMs, 3),
    frameUs: num(model.frameMs * 1000, 2),
    applyUs: num(model.applyMs * 1000, 1),
    targetSockets: num(model.targetSockets),
    targetRate: num(model.targetRate),
    tickMs: model.tickMs,
    ticks: 1000 / model.tickMs,
    budgetPct: model.budgetPct,
    processes: num(model.processes),
    twoCoreInstances: num(model.twoCoreInstances),
    capacityVerdict: model.twoCoreInstances <= 12 ? '**met**' : '**MISSED**',
    postgresMs: num(model.postgresMsPerPlacement, 3),
    postgresSaturates: num(model.postgresSaturatesAtPerCore),
    redisMs: num(model.redisMsPerPlacement, 3),
    redisSaturates: num(model.redisSaturatesAt),
  });
}

/** The section's text as last written into the document at `path`, or null. */
export const readClusterSection = (path) => readSection(path, 'cluster');

/** Replaces (or appends) the cluster section of the document at `path` with `text`. */
export const writeClusterSection = (path, text) => writeSection(path, 'cluster', text);
