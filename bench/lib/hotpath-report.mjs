// The "Hot path" section of docs/benchmarks.md (issue 17): bench/templates/hotpath.md with
// this run's figures, between its own markers, rewritten independently of the rest.
import { readFileSync } from 'node:fs';
import { readSection, writeSection } from './doc-section.mjs';
import { fileURLToPath } from 'node:url';

const TEMPLATE = fileURLToPath(new URL('../templates/hotpath.md', import.meta.url));
const TARGET = 0.4;
const FRAMEWORK = new Set([
  'fastify',
  'find-my-way',
  'avvio',
  'light-my-request',
  'fast-json-stringify',
  'fast-querystring',
  'secure-json-parse',
  'fastify-plugin',
  'toad-cache',
  'abstract-logging',
  'process-warning',
  'express',
  'router',
  'body-parser',
  'helmet',
  'cookie-parser',
  'raw-body',
  'iconv-lite',
  'type-is',
  'content-type',
  'on-finished',
  'finalhandler',
  'send',
  'serve-static',
  'path-to-regexp',
  'qs',
  'depd',
  'mime-types',
  'accepts',
  'vary',
  'cors',
  'rxjs',
  'reflect-metadata',
  'passport',
  'zod',
  'jsonwebtoken',
  'jws',
  'jwa',
  'http-errors',
  'statuses',
  'etag',
  'fresh',
  'negotiator',
  'parseurl',
  'encodeurl',
  'escape-html',
  'merge-descriptors',
  'cookie',
  'proxy-addr',
  'forwarded',
  'ipaddr.js',
  'media-typer',
  'safe-buffer',
  'unpipe',
  'bytes',
  'setprototypeof',
  'inherits',
  'toidentifier',
  'destroy',
  'ee-first',
  'utils-merge',
  'methods',
  'object-inspect',
  'side-channel',
  'call-bind',
  'get-intrinsic',
  'es-errors',
  'function-bind',
  'hasown',
  'math-intrinsics',
  'dunder-proto',
  'call-bound',
  'es-object-atoms',
  'gopd',
  'has-symbols',
  'side-channel-map',
  'side-channel-list',
  'side-channel-weakmap',
  'router',
  'is-promise',
  'content-disposition',
  'range-parser',
  'mime',
  'cookie-signature',
  'lodash',
]);

const num = (v, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');

function fill(template, values) {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, key) => {
    if (!(key in values)) throw new Error(`hotpath report: no value for {{${key}}}`);
    return String(values[key]);
  });
}

const NAMES = { product: 'product (this commit)', reference: '**reference** (bench/reference-durable-server.mjs)' };
const nameOf = (key) => NAMES[key] ?? (key.startsWith('env:') ? `product with \`${key.slice(4)}\`` : `product, bundle \`${key.slice('baseline:'.length)}\``);

function row(key, s, reference) {
  const m = s.median;
  const cpuPerPlacement = s.runs.map((r) => (r.serverCpuPct * 10_000) / r.acceptedPerSec).sort((a, b) => a - b)[Math.floor(s.runs.length / 2)];
  return `| ${nameOf(key)} | **${num(m.acceptedPerSec)}** (runs: ${s.runs.map((r) => num(r.acceptedPerSec)).join(', ')}) | ${num(m.acceptedPerSec / reference, 2)}× | ${num(m.latencyP50)} / ${num(m.latencyP99)} ms | ${num(m.non2xx)} | ${num(m.serverCpuPct)} % | ${num(cpuPerPlacement)} µs | ${num(m.clientCpuPct)} % |`;
}

function profileTable(profiles) {
  if (!profiles) return 'No CPU profile in this run (set `BENCH_CPU_PROF=<dir>`).';
  const keys = Object.keys(profiles);
  const categories = [...new Set(keys.flatMap((k) => profiles[k].shares.slice(0, 12).map((s) => s.category)))];
  const share = (k, c) => profiles[k].shares.find((s) => s.category === c)?.pct ?? 0;
  const head = `| self time by package | ${keys.map((k) => nameOf(k)).join(' | ')} |\n|---|${keys.map(() => '---|').join('')}`;
  const lines = categories
    .sort((a, b) => share(keys[0], b) - share(keys[0], a))
    .map((c) => `| ${c} | ${keys.map((k) => `${num(share(k, c), 1)} %`).join(' | ')} |`);
  const group = (k, test) => profiles[k].shares.filter((s) => test(s.category)).reduce((sum, s) => sum + s.pct, 0);
  const groups = [
    [
      '**HTTP framework** (fastify, find-my-way, @fastify/*, @nestjs/*; express, body-parser, helmet before issue 17, …)',
      (c) => FRAMEWORK.has(c) || c.startsWith('@nestjs/') || c.startsWith('@fastify/'),
    ],
    ['**Socket.IO** (socket.io*, engine.io*, ws)', (c) => /^(socket\.io|engine\.io|ws$)/.test(c)],
    ['**node:http and streams**', (c) => /^node:(_http|http|streams|net|stream)/.test(c)],
  ].map(([name, test]) => `| ${name} | ${keys.map((k) => `${num(group(k, test), 1)} %`).join(' | ')} |`);
  return `${head}\n${groups.join('\n')}\n${lines.join('\n')}`;
}

export function hotpathSection(H, meta) {
  const ref = H.runs.reference.median.acceptedPerSec;
  const baselines = Object.keys(H.runs).filter((k) => k.startsWith('baseline:'));
  const keys = ['product', ...Object.keys(H.runs).filter((k) => k.startsWith('env:')), ...baselines, 'reference'];
  return fill(readFileSync(TEMPLATE, 'utf8'), {
    command: meta.command,
    date: meta.date,
    commit: meta.commit,
    machine: `${meta.machine.nproc} × ${meta.machine.cpuModel}, Node ${meta.machine.node}`,
    load: `${meta.loadBefore}`,
    connections: H.config.connections,
    durationS: H.config.durationS,
    reps: H.config.reps,
    rows: keys.map((k) => row(k, H.runs[k], ref)).join('\n'),
    ratio: `${num(H.ratio, 2)}×`,
    baselineRatio: baselines.map((k) => ` — \`${k.slice('baseline:'.length)}\` in the same run: ${num(H.runs[k].median.acceptedPerSec / ref, 2)}×`).join(''),
    verdict: H.ratio >= TARGET ? '**met**' : '**MISSED**',
    profile: profileTable(H.profiles),
  });
}

/** The section's text as last written into the document at `path`, or null. */
export const readHotpathSection = (path) => readSection(path, 'hotpath');

/** Replaces (or appends) the hotpath section of the document at `path` with `text`. */
export const writeHotpathSection = (path, text) => writeSection(path, 'hotpath', text);
