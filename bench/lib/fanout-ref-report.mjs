// The "Fan-out against a plain ws reference" section of docs/benchmarks.md (issue 17):
// the summary math (medians of reps per socket count, ratio of the product's send → receipt
// p99 to the reference's) and bench/templates/fanout-ref.md filled with it, kept between
// its own markers and rewritten independently of the rest of the document.
import { readSection, writeSection } from './doc-section.mjs';
import { median } from './stats.mjs';
import { fill, readTemplate } from './template.mjs';

/** Issue 17: product p99 ≤ 1.3 × reference p99, everything delivered, the offered rate accepted. */
export const TARGET_RATIO = 1.3;
/** "The offered rate accepted": at least this share of the offered placements/s got their 201. */
export const ACCEPTED_SHARE = 0.97;
const FIELDS = [
  'e2eP50',
  'e2eP99',
  'e2eMax',
  'p99',
  'reqP99',
  'deliveredPct',
  'acceptedPerSec',
  'offeredPerSec',
  'tickIntervalMs',
  'serverCpuPct',
  'serverEldP99Ms',
  'serverEldP99MaxMs',
  'clientCpuPct',
  'clientEldP99MaxMs',
  'spreadP99',
];

function summarize(runs) {
  const med = {};
  for (const k of FIELDS) med[k] = median(runs.map((r) => r[k]));
  return { runs, median: med };
}

/**
 * runs: [{sockets, server: 'product' | 'reference', rep, r: measureFanout result}].
 * Per socket count: each server's runs and field-wise medians, the ratio of the median
 * p99s, the per-rep ratios (product rep k ÷ reference rep k) and whether the target is met.
 */
export function fanoutRefSummary(runs) {
  const sizes = [...new Set(runs.map((x) => x.sockets))].sort((a, b) => a - b);
  return {
    sizes: sizes.map((sockets) => {
      const of = (server) => runs.filter((x) => x.sockets === sockets && x.server === server).sort((a, b) => a.rep - b.rep);
      const product = summarize(of('product').map((x) => x.r));
      const reference = summarize(of('reference').map((x) => x.r));
      const ratio = product.median.e2eP99 / reference.median.e2eP99;
      // The same from the 201 on: the fan-out alone, without the placement request's own time.
      const ratioFrom201 = product.median.p99 / reference.median.p99;
      const repRatios = product.runs.map((r, i) => r.e2eP99 / reference.runs[i]?.e2eP99);
      const delivered = product.runs.every((r) => r.deliveredPct >= 100);
      const accepted = product.runs.every((r) => r.acceptedPerSec >= ACCEPTED_SHARE * r.offeredPerSec);
      // The product again with other settings (`env:NAME=value`), beside it in the table.
      const variants = [...new Set(runs.filter((x) => x.sockets === sockets && x.server.startsWith('env:')).map((x) => x.server))].map((name) => {
        const s = summarize(of(name).map((x) => x.r));
        return { name, ...s, ratio: s.median.e2eP99 / reference.median.e2eP99 };
      });
      return {
        sockets,
        product,
        reference,
        variants,
        ratio,
        ratioFrom201,
        repRatios,
        delivered,
        accepted,
        met: ratio <= TARGET_RATIO && delivered && accepted,
      };
    }),
  };
}

const num = (v, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');
const ms = (v) => num(v, 1);

function serverRow(name, s) {
  const m = s.median;
  return `| ${name} | ${ms(m.e2eP50)} / **${ms(m.e2eP99)}** (runs: ${s.runs.map((r) => ms(r.e2eP99)).join(', ')}) | ${ms(m.e2eMax)} | ${ms(m.p99)} | ${ms(m.reqP99)} | ${num(m.deliveredPct, 2)} % | ${num(m.acceptedPerSec)} / ${num(m.offeredPerSec)} | ${num(m.tickIntervalMs)} ms | ${num(m.serverCpuPct)} % | ${num(m.serverEldP99Ms)} / ${num(m.serverEldP99MaxMs)} ms | ${num(m.clientCpuPct)} % |`;
}

/** The Markdown table: per socket count the product, the reference and the ratio. */
export function fanoutRefTable(F) {
  const head = [
    '| sockets | server | send→receipt p50 / p99 ms | max ms | 201→receipt p99 ms | placement request p99 ms | delivered | accepted / offered per s | tick | server CPU | server ELD p99 median / max | receivers CPU |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = F.sizes.flatMap((s) => [
    serverRow(`${num(s.sockets)} | product`, s.product),
    ...(s.variants ?? []).map((v) => serverRow(`${num(s.sockets)} | product with \`${v.name.slice(4)}\` (${num(v.ratio, 2)}× the reference)`, v)),
    serverRow(`${num(s.sockets)} | plain ws reference`, s.reference),
    `| ${num(s.sockets)} | **product ÷ reference** | **${num(s.ratio, 2)}×** (per rep: ${s.repRatios.map((r) => `${num(r, 2)}×`).join(', ')}) | | ${num(s.ratioFrom201, 2)}× | | ${s.delivered ? 'all' : '**not all**'} | ${s.accepted ? 'accepted' : '**not accepted**'} | | | | ${s.met ? 'target met' : '**target missed**'} |`,
  ]);
  return [...head, ...rows].join('\n');
}

/** One line per socket count for the console, and one per failed run. */
export function fanoutRefLines(F) {
  const failed = (F.failures ?? []).map((f) => `fanout-ref ${f.sockets} sockets, ${f.server}, rep ${f.rep}: FAILED (${f.error})`);
  return [
    ...failed,
    ...F.sizes.map(
      (s) =>
        `fanout-ref ${s.sockets} sockets: send→receipt p99 product ${ms(s.product.median.e2eP99)} ms, reference ${ms(s.reference.median.e2eP99)} ms: ratio ${num(s.ratio, 2)}× (target ≤ ${TARGET_RATIO}×: ${s.met ? 'met' : 'MISSED'}; from the 201 ${num(s.ratioFrom201, 2)}×), delivered ${num(s.product.median.deliveredPct, 2)} %, accepted ${num(s.product.median.acceptedPerSec)}/s`,
    ),
  ];
}

export function fanoutRefSection(F, meta) {
  const c = F.config;
  return fill(
    readTemplate('fanout-ref.md'),
    {
      command: meta.command,
      date: meta.date,
      commit: meta.commit,
      machine: `${meta.machine.nproc} × ${meta.machine.cpuModel}, Node ${meta.machine.node}`,
      load: `${meta.loadBefore}`,
      sizes: c.sizes.map((s) => num(s)).join(', '),
      rate: num(c.rate),
      durationS: num(c.durationMs / 1000),
      warmupS: num(c.warmupMs / 1000),
      drainS: num(c.drainMs / 1000, 1),
      reps: c.reps,
      table: fanoutRefTable(F),
      failures: (F.failures ?? []).map((f) => `\nFailed and left out: ${num(f.sockets)} sockets, ${f.server}, rep ${f.rep} (${f.error}).`).join(''),
      ratios: F.sizes.map((s) => `${num(s.sockets)}: **${num(s.ratio, 2)}×**`).join(', '),
      ratiosFrom201: F.sizes.map((s) => `${num(s.sockets)}: ${num(s.ratioFrom201, 2)}×`).join(', '),
      verdict: F.sizes.every((s) => s.met)
        ? '**met**'
        : `**MISSED** at ${F.sizes
            .filter((s) => !s.met)
            .map((s) => num(s.sockets))
            .join(', ')} sockets`,
    },
    'fanout-ref report',
  );
}

/** The section's text as last written into the document at `path`, or null. */
export const readFanoutRefSection = (path) => readSection(path, 'fanout-ref');

/** Replaces (or appends) the fanout-ref section of the document at `path` with `text`. */
export const writeFanoutRefSection = (path, text) => writeSection(path, 'fanout-ref', text);
