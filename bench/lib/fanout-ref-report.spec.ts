import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without types
import { fanoutRefLines, fanoutRefSection, fanoutRefSummary, readFanoutRefSection, writeFanoutRefSection } from './fanout-ref-report.mjs';

const run = (e2eP99: number, over: Record<string, number> = {}) => ({
  e2eP50: e2eP99 / 4,
  e2eP99,
  e2eMax: e2eP99 * 2,
  p99: e2eP99 - 10,
  reqP99: 5,
  deliveredPct: 100,
  acceptedPerSec: 995,
  offeredPerSec: 1000,
  tickIntervalMs: 50,
  serverCpuPct: 60,
  serverEldP99Ms: 20,
  serverEldP99MaxMs: 40,
  clientCpuPct: 30,
  clientEldP99MaxMs: 10,
  spreadP99: 30,
  ...over,
});
const meta = {
  command: 'npm run bench -- --only=fanout-ref',
  date: '2026-12-06T04:00:00Z',
  commit: 'abc1234',
  machine: { nproc: 2, cpuModel: 'AMD EPYC', node: 'v20' },
  loadBefore: '3 3 3',
};
const config = { sizes: [2000, 5000], rate: 1000, durationMs: 10_000, warmupMs: 2000, drainMs: 1500, reps: 2, cooldownMs: 100 };

describe('fan-out reference report', () => {
  const runs = [
    { sockets: 2000, server: 'product', rep: 1, r: run(100) },
    { sockets: 2000, server: 'reference', rep: 1, r: run(80) },
    { sockets: 2000, server: 'reference', rep: 2, r: run(120) },
    { sockets: 2000, server: 'product', rep: 2, r: run(140) },
    { sockets: 5000, server: 'product', rep: 1, r: run(300, { deliveredPct: 99.5 }) },
    { sockets: 5000, server: 'reference', rep: 1, r: run(100) },
    { sockets: 5000, server: 'product', rep: 2, r: run(100, { acceptedPerSec: 900 }) },
    { sockets: 5000, server: 'reference', rep: 2, r: run(100) },
  ];

  it('divides the median product p99 by the median reference p99, per socket count, rep by rep too', () => {
    const { sizes } = fanoutRefSummary(runs);
    expect(sizes.map((s: { sockets: number }) => s.sockets)).toEqual([2000, 5000]);
    const [small, large] = sizes;
    expect(small.product.median.e2eP99).toBe(120);
    expect(small.reference.median.e2eP99).toBe(100);
    expect(small.ratio).toBeCloseTo(1.2);
    expect(small.repRatios[0]).toBeCloseTo(1.25);
    expect(small.repRatios[1]).toBeCloseTo(140 / 120);
    expect(small.met).toBe(true);
    expect(large.ratio).toBeCloseTo(2);
    expect(large.delivered).toBe(false);
    expect(large.accepted).toBe(false);
    expect(large.met).toBe(false);
  });

  it('misses the target on a ratio above 1.3× even with everything delivered', () => {
    const { sizes } = fanoutRefSummary([
      { sockets: 2000, server: 'product', rep: 1, r: run(131) },
      { sockets: 2000, server: 'reference', rep: 1, r: run(100) },
    ]);
    expect(sizes[0].delivered && sizes[0].accepted).toBe(true);
    expect(sizes[0].met).toBe(false);
  });

  it('renders both servers beside each other, the ratios and the verdict', () => {
    const F = { config, ...fanoutRefSummary(runs) };
    const text = fanoutRefSection(F, meta);
    expect(text).toContain('| 2,000 | product | 30.0 / **120.0** (runs: 100.0, 140.0) | 240.0 | 110.0 | 5.0 |');
    expect(text).toContain('| 2,000 | plain ws reference | 25.0 / **100.0** (runs: 80.0, 120.0) |');
    expect(text).toContain('| 2,000 | **product ÷ reference** | **1.20×** (per rep: 1.25×, 1.17×) | | 1.22× |');
    expect(text).toContain("From the 201 on (the fan-out alone, without the\nplacement request's own time): 2,000: 1.22×, 5,000: 2.11×.");
    expect(text).toContain('**Product ÷ reference, send → receipt p99: 2,000: **1.20×**, 5,000: **2.00×****');
    expect(text).toContain('**MISSED** at 5,000 sockets');
    expect(text).not.toMatch(/\{\{/);
    expect(fanoutRefLines(F)[0]).toContain('ratio 1.20× (target ≤ 1.3×: met; from the 201 1.22×)');
  });

  it('replaces only its own section of the document', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fanout-ref-report-')), 'benchmarks.md');
    writeFileSync(path, '# Benchmarks\n\nkept\n');
    writeFanoutRefSection(path, 'first\n');
    writeFanoutRefSection(path, 'second\n');
    const doc = readFileSync(path, 'utf8');
    expect(doc.startsWith('# Benchmarks\n\nkept\n')).toBe(true);
    expect(doc).not.toContain('first');
    expect(readFanoutRefSection(path)).toBe('second\n');
  });
});
