import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without types
import { capacityModel } from '../scenarios/cluster.mjs';
// @ts-expect-error plain ESM module without types
import { clusterSection, readClusterSection, writeClusterSection } from './cluster-report.mjs';

// Synthetic runs built from known constants: c_place 0.5 ms, c_frame 2 µs, c_apply 20 µs.
const placeMs = 0.5;
const frameMs = 0.002;
const applyMs = 0.02;
const sockets = 3000;
const single = {
  acceptedPerSec: 1000,
  tickIntervalMs: 50,
  serverCpuPct: (1000 * placeMs + sockets * 20 * frameMs) / 10,
  p99WithMissing: 100,
  e2eP99WithMissing: 120,
};
const perInstance = (1000 / 3) * placeMs + 1000 * applyMs + (sockets / 3) * 20 * frameMs;
const cluster = { acceptedPerSec: 1000, tickIntervalMs: 50, serverCpuPct: (3 * perInstance) / 10, p99WithMissing: 110, e2eP99WithMissing: 130 };
const throughput = (accepted: number) => ({
  median: { acceptedPerSec: accepted, serverCpuPct: (accepted * placeMs) / 10, postgresCpuPct: 40, redisCpuPct: 10, latencyP99: 30, non2xx: 0 },
  runs: [{ acceptedPerSec: accepted }],
});
const placements = { sqlite1: throughput(4000), postgres1: throughput(2000), postgres3: throughput(2000) };

describe('cluster capacity model', () => {
  it('recovers the constants it was built from and sizes the target', () => {
    const model = capacityModel({ single, cluster, placements, sockets });
    expect(model.placeMs).toBeCloseTo(placeMs, 6);
    expect(model.frameMs).toBeCloseTo(frameMs, 6);
    expect(model.applyMs).toBeCloseTo(applyMs, 6);
    expect(model.solved).toBe(true);
    // (1000 × 0.5 + 100,000 × 20 × 0.002) / (700 − 20) = 4500 / 680 → 7 processes
    expect(model.processes).toBe(7);
    expect(model.twoCoreInstances).toBe(4);
    expect(model.postgresMsPerPlacement).toBeCloseTo(0.2, 6);
    expect(model.redisSaturatesAt).toBeCloseTo(20_000, 3);
  });

  it('says so when noise drives a constant below zero', () => {
    const noisy = { ...single, serverCpuPct: 10 };
    expect(capacityModel({ single: noisy, cluster, placements, sockets }).solved).toBe(false);
  });
});

describe('cluster section of docs/benchmarks.md', () => {
  const meta = { command: 'npm run bench', date: '2026-12-06T00:00:00Z', commit: 'abc1234', machine: { nproc: 2, cpuModel: 'test CPU', node: 'v20' } };
  const C = {
    config: {
      fanout: { sockets, rate: 1000, durationMs: 8000, warmupMs: 2000, placingUsers: 60, reps: 2 },
      place: { connections: 300, users: 60, durationS: 6, reps: 2 },
    },
    fanout: {
      single: { median: { ...single, deliveredPct: 100 }, runs: [{ instanceCpuPct: [50] }] },
      cluster: { median: { ...cluster, deliveredPct: 100 }, runs: [{ instanceCpuPct: [20, 21, 22] }] },
    },
    ratio: { p99From201: 1.1, p99FromSend: 1.08 },
    placements,
    model: capacityModel({ single, cluster, placements, sockets }),
  };

  it('fills every placeholder of the template', () => {
    const text = clusterSection(C, meta);
    expect(text).not.toMatch(/\{\{/);
    expect(text).toContain('1.10×');
    expect(text).toContain('**met**');
    expect(text).toContain('20 % / 21 % / 22 %');
  });

  it('replaces its own block and keeps the rest of the document', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cluster-report-')), 'benchmarks.md');
    writeFileSync(path, '# Benchmarks\n\nfigures\n');
    writeClusterSection(path, 'first\n');
    writeClusterSection(path, 'second\n');
    const doc = readFileSync(path, 'utf8');
    expect(doc.startsWith('# Benchmarks\n\nfigures\n')).toBe(true);
    expect(doc).not.toContain('first');
    expect(readClusterSection(path)).toBe('second\n');
  });
});
