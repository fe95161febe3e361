import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without types
import { categoryOf, summarizeProfile } from './cpu-profile.mjs';
// @ts-expect-error plain ESM module without types
import { hotpathSection, readHotpathSection, writeHotpathSection } from './hotpath-report.mjs';

const run = (accepted: number) => ({ acceptedPerSec: accepted, latencyP50: 5, latencyP99: 20, non2xx: 0, serverCpuPct: 95, clientCpuPct: 60 });
const summary = (accepted: number[]) => ({ median: run([...accepted].sort((a, b) => a - b)[1]), runs: accepted.map(run) });
const meta = {
  command: 'npm run bench -- --only=hotpath',
  date: '2026-12-06T02:00:00Z',
  commit: 'abc1234',
  machine: { nproc: 2, cpuModel: 'AMD EPYC', node: 'v20' },
  loadBefore: '10 10 10',
};

describe('hot-path report', () => {
  const H = {
    config: { connections: 50, durationS: 6, reps: 3 },
    runs: { product: summary([3000, 4000, 5000]), 'baseline:api-baseline': summary([2000, 2500, 3000]), reference: summary([9000, 10_000, 11_000]) },
    ratio: 0.4,
    profiles: {
      product: {
        busyMs: 1,
        shares: [
          { category: 'GC', pct: 12.5 },
          { category: 'express', pct: 5 },
        ],
      },
    },
  };

  it('prints every server, the ratio against the reference and the verdict', () => {
    const text = hotpathSection(H, meta);
    expect(text).toContain('| product (this commit) | **4,000** (runs: 3,000, 4,000, 5,000) | 0.40× | 5 / 20 ms | 0 | 95 % | 238 µs |');
    expect(text).toContain('| product, bundle `api-baseline` | **2,500**');
    expect(text).toContain('**Product ÷ reference: 0.40×** — `api-baseline` in the same run: 0.25× (target ≥ 0.4×: **met**)');
    expect(text).toContain('| GC | 12.5 % |');
    expect(text).not.toMatch(/\{\{/);
  });

  it('replaces only its own section of the document', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hotpath-report-')), 'benchmarks.md');
    writeFileSync(path, '# Benchmarks\n\nkept\n');
    writeHotpathSection(path, 'first\n');
    writeHotpathSection(path, 'second\n');
    const doc = readFileSync(path, 'utf8');
    expect(doc.startsWith('# Benchmarks\n\nkept\n')).toBe(true);
    expect(doc).not.toContain('first');
    expect(readHotpathSection(path)).toBe('second\n');
  });
});

describe('CPU profile summary', () => {
  it('names packages, node modules, GC and the bundle', () => {
    expect(categoryOf({ url: 'file:///r/node_modules/@nestjs/core/router/x.js', functionName: 'f' })).toBe('@nestjs/core');
    expect(categoryOf({ url: 'file:///r/node_modules/express/lib/router.js', functionName: 'f' })).toBe('express');
    expect(categoryOf({ url: 'node:internal/streams/writable', functionName: 'f' })).toBe('node:streams/writable');
    expect(categoryOf({ url: '', functionName: '(garbage collector)' })).toBe('GC');
    expect(categoryOf({ url: 'file:///r/bench/out/api/main.js', functionName: 'f' })).toBe('app');
  });

  it('shares busy time by self time, idle left out', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cpu-profile-')), 'x.cpuprofile');
    const nodes = [
      { id: 1, callFrame: { url: '', functionName: '(idle)' } },
      { id: 2, callFrame: { url: '', functionName: '(garbage collector)' } },
      { id: 3, callFrame: { url: 'file:///r/node_modules/helmet/index.cjs', functionName: 'h' } },
    ];
    writeFileSync(path, JSON.stringify({ nodes, samples: [1, 2, 3, 3, 3], timeDeltas: [1000, 100, 100, 100, 100] }));
    expect(summarizeProfile([path]).shares).toEqual([
      { category: 'helmet', pct: 75 },
      { category: 'GC', pct: 25 },
    ]);
  });
});
