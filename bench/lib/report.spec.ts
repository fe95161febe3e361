import { describe, expect, it } from 'vitest';
import { renderDoc } from './report.mjs';

const meta = {
  command: 'npm run bench',
  date: '2026-12-06T00:00:00Z',
  durationS: 300,
  commit: 'abc1234',
  dirty: false,
  machine: { nproc: 2, cpuModel: 'Test CPU', memGb: 8, node: 'v20.20.2', platform: 'linux' },
  loadBefore: '0.5 0.5 0.5',
  loadAfter: '1 1 1',
  socketIo: '4.8.4',
  launchCooldownMs: 5000,
  authMode: 'token',
  mode: 'full',
};
const run = {
  meta,
  notes: ['a note'],
  fanout: {
    sockets: 2000,
    rate: 1000,
    placingUsers: 50,
    durationMs: 10_000,
    warmupMs: 2000,
    batched: { runs: [], median: {} },
    naive: { runs: [], median: {} },
    ratio: {},
  },
  launch: {
    rate: 1000,
    guests: { count: 1000, pollMs: 5000 },
    durationMs: 10_000,
    warmupMs: 2000,
    steps: [500, 1000],
    p99Crosses250At: 1000,
    e2eP99Crosses250At: null,
    rows: [],
  },
};

describe('docs/benchmarks.md rendering (prose in bench/templates)', () => {
  it('fills every slot of the templates and keeps the history across runs', () => {
    const first = renderDoc(run, '') as string;
    expect(first).not.toMatch(/\{\{\w+\}\}/);
    expect(first).toContain('- Git commit: `abc1234`');
    expect(first).toContain('### Launch day (issue 8)');
    expect(first).toContain('**p99 crosses 250 ms at: 1,000 players (201 → receipt); not within 1,000 players (send → receipt).**');
    const second = renderDoc({ ...run, meta: { ...meta, commit: 'def5678' } }, first) as string;
    expect(second.match(/^\| 2026-12-06T00:00:00Z \| `/gm)).toHaveLength(2);
  });

  it('leaves out the fan-out and launch sections of a partial run', () => {
    const doc = renderDoc({ meta, notes: [] }, '') as string;
    expect(doc).not.toContain('### Launch day');
    expect(doc).not.toContain('### Fan-out runs');
    expect(doc).toContain('### Notes on this run');
  });
});
