#!/usr/bin/env node
// Issue 18: does `PIXEL_CHARGES` cost placement throughput? Figure 1 of bench/run.mjs
// (autocannon, 400 connections, POST /api/canvas/pixels, 32 users, COOLDOWN_MS=0 so every
// request is a placement), alternating fresh servers with PIXEL_CHARGES=1 and =3 in one
// run: `node bench/charges-throughput.bench.mjs [--rounds=3] [--seconds=5] [--no-build]`.
import { buildServer } from './lib/build.mjs';
import { createPlayers, detectAuthMode, openPlayerSockets } from './lib/players.mjs';
import { loadAverage } from './lib/procstat.mjs';
import { benchEnv, startApi } from './lib/server.mjs';
import { runPlacementThroughput } from './scenarios/http.mjs';

const option = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ROUNDS = option('rounds', 3);
const SECONDS = option('seconds', 5);
const VARIANTS = ['1', '3'];

buildServer({ skip: process.argv.includes('--no-build') });
const results = Object.fromEntries(VARIANTS.map((v) => [v, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const charges of round % 2 ? [...VARIANTS].reverse() : VARIANTS) {
    const api = await startApi({ label: `charges-${charges}`, env: benchEnv({ PIXEL_CHARGES: charges, MAX_SOCKETS_PER_IP: '10000000' }) });
    try {
      const authMode = await detectAuthMode(api.base);
      const players = await createPlayers(api.base, authMode, 32, { prefix: 'chg-' });
      const held = await openPlayerSockets(api.base, authMode, players);
      try {
        const figure = await runPlacementThroughput({ server: api, players, connections: 400, durationS: SECONDS, reps: 1, width: 1000, height: 1000 });
        const run = figure.runs?.[0] ?? figure;
        results[charges].push(run.acceptedPerSec);
        console.log(
          `round ${round + 1}, PIXEL_CHARGES=${charges}: ${run.acceptedPerSec.toFixed(0)} accepted/s, p50 ${run.latencyP50} ms, p99 ${run.latencyP99} ms, non-2xx ${run.non2xx}, load ${loadAverage()}`,
        );
      } finally {
        held.close();
      }
    } finally {
      await api.stop();
      api.cleanup();
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const v of VARIANTS)
  console.log(`PIXEL_CHARGES=${v}: median ${median(results[v]).toFixed(0)} accepted/s (runs ${results[v].map((x) => x.toFixed(0)).join(', ')})`);
console.log(`ratio 3 ÷ 1: ${(median(results['3']) / median(results['1'])).toFixed(3)}`);
