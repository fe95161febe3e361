// Issue 17, durable placements/s: the product against bench/reference-durable-server.mjs
// (node:http + node:crypto JWT + one SQLite WAL transaction per event-loop turn) under the
// same autocannon load, alternating on the same machine in the same run, medians of reps.
// Each product server gets its own `connections` dev users, each holding a /play socket;
// the reference verifies the same tokens (same JWT_SECRET). With `baseline` (a path to an
// older server bundle, --hotpath-baseline=<main.js>) that bundle runs in the alternation
// too (several, comma-separated, named after their folder): before/after of each change in one run. With BENCH_CPU_PROF every server writes a CPU
// profile on exit; bench/lib/cpu-profile.mjs sums it by package.
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeProfile } from '../lib/cpu-profile.mjs';
import { createPlayers, detectAuthMode, openPlayerSockets } from '../lib/players.mjs';
import { benchEnv, startApi, startScript } from '../lib/server.mjs';
import { median } from '../lib/stats.mjs';
import { runPlacementThroughput } from './http.mjs';

const REF_SCRIPT = fileURLToPath(new URL('../reference-durable-server.mjs', import.meta.url));
const SECRET = 'bench-hotpath-secret-0123456789abcdef0123456789abcdef';

function profilingArgs(dir) {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Moves the profile(s) a stopped server wrote into `dir` to <label>-<n>.cpuprofile; returns their paths. */
function claimProfiles(dir, label) {
  if (!dir) return [];
  const fresh = readdirSync(dir).filter((f) => f.startsWith('CPU.') && f.endsWith('.cpuprofile'));
  return fresh.map((f, i) => {
    const to = join(dir, `${label}-${Date.now()}-${i}.cpuprofile`);
    renameSync(join(dir, f), to);
    return to;
  });
}

export async function runHotpath({ connections, durationS, warmupS = 1, reps, width, height, baselines = [], log }) {
  const profDir = process.env.BENCH_CPU_PROF;
  if (profDir) mkdirSync(profDir, { recursive: true });
  const env = benchEnv({ JWT_SECRET: SECRET, CANVAS_WIDTH: String(width), CANVAS_HEIGHT: String(height) });
  const variants = [{ key: 'product', label: 'hotpath-product', start: () => startApi({ label: 'hotpath-product', env, nodeArgs: profilingArgs(profDir) }) }];
  for (const script of baselines) {
    const key = `baseline:${basename(dirname(script))}`;
    variants.push({ key, label: `hotpath-${basename(dirname(script))}`, start: () => startScript({ label: `hotpath-${basename(dirname(script))}`, script, env, nodeArgs: profilingArgs(profDir) }) });
  }
  variants.push({
    key: 'reference',
    label: 'hotpath-reference',
    reference: true,
    start: () => startScript({ label: 'hotpath-reference', script: REF_SCRIPT, env: { JWT_SECRET: SECRET, CANVAS_WIDTH: String(width), CANVAS_HEIGHT: String(height), COLORS: '32' }, nodeArgs: profilingArgs(profDir) }),
  });
  const runs = Object.fromEntries(variants.map((v) => [v.key, []]));
  const profiles = Object.fromEntries(variants.map((v) => [v.key, []]));
  let tokens = null;
  for (let rep = 0; rep < reps; rep++) {
    for (const v of variants) {
      const server = await v.start();
      let held = { close() {} };
      try {
        let players;
        if (v.reference) {
          players = tokens;
        } else {
          const mode = await detectAuthMode(server.base);
          if (mode !== 'token') throw new Error(`${v.label}: no dev login (auth mode ${mode}); the hot-path figure needs access tokens`);
          players = await createPlayers(server.base, mode, connections, { prefix: 'hot-' });
          held = await openPlayerSockets(server.base, mode, players);
          tokens ??= players;
        }
        // a short discarded warm-up: the JIT and the first SQLite pages, not the figure
        await runPlacementThroughput({ server, players, connections, durationS: warmupS, reps: 1, width, height });
        const result = await runPlacementThroughput({ server, players, connections, durationS, reps: 1, width, height });
        const run = result.runs[0];
        runs[v.key].push(run);
        log?.(`  ${v.key} rep ${rep + 1}/${reps}: ${run.acceptedPerSec.toFixed(0)} accepted/s (non-2xx ${run.non2xx}, errors ${run.errors}), p99 ${run.latencyP99} ms, server ${run.serverCpuPct.toFixed(0)} % of a core`);
      } finally {
        held.close();
        await server.stop();
        server.cleanup();
      }
      profiles[v.key].push(...claimProfiles(profDir, v.label));
    }
  }
  const summary = (list) => {
    const med = {};
    for (const k of Object.keys(list[0])) med[k] = median(list.map((r) => r[k]));
    return { median: med, runs: list };
  };
  const out = { config: { connections, durationS, reps, width, height, baselines }, runs: {} };
  for (const v of variants) out.runs[v.key] = summary(runs[v.key]);
  out.ratio = out.runs.product.median.acceptedPerSec / out.runs.reference.median.acceptedPerSec;
  if (profDir) out.profiles = Object.fromEntries(variants.filter((v) => !v.reference).map((v) => [v.key, summarizeProfile(profiles[v.key])]));
  return out;
}
