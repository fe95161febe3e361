// Issue 17, fan-out: the product's send → receipt p99 against bench/ws-reference-server.mjs
// (plain `ws`, one precomputed Socket.IO-shaped text frame per tick written to every socket,
// the tick paced by the product's rule: next tick = max(TICK_MS, smoothed broadcast cost ÷
// BROADCAST_MAX_LOOP_PERCENT), at most TICK_MAX_MS) at each socket count, on the same
// receiver processes and the same placer, the two servers alternating rep by rep on fresh
// processes and freshly connected sockets. No guests poll here: the figure is the fan-out.
import { fileURLToPath } from 'node:url';
import { fanoutRefSummary } from '../lib/fanout-ref-report.mjs';
import { measureFanout, ReceiverPool, spawnHttpWorker } from '../lib/fanout.mjs';
import { createPlayers, detectAuthMode } from '../lib/players.mjs';
import { loadAverage } from '../lib/procstat.mjs';
import { benchEnv, startApi, startScript } from '../lib/server.mjs';
import { sleep } from '../lib/stats.mjs';
import { line } from './fanout-vs-naive.mjs';

const REF_SCRIPT = fileURLToPath(new URL('../ws-reference-server.mjs', import.meta.url));
/** The product's defaults (apps/api/src/app/config/app-config.ts), given to both servers explicitly. */
const PACING = { TICK_MS: '50', TICK_MAX_MS: '1000', BROADCAST_MAX_LOOP_PERCENT: '50' };

/**
 * envVariants: ['NAME=value', …] runs the product again with each setting, in the same
 * alternation (`--fanout-ref-env=`), named `env:NAME=value`.
 */
export async function runFanoutRef({
  protocolPath,
  seed,
  sizes,
  rate,
  durationMs,
  warmupMs,
  drainMs,
  perWorker,
  cooldownMs,
  reps,
  width,
  height,
  envVariants = [],
  cleanups = [],
  log,
}) {
  const pool = new ReceiverPool(protocolPath, perWorker);
  const placer = spawnHttpWorker('placer-fanout-ref');
  const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const env = { CANVAS_WIDTH: String(width), CANVAS_HEIGHT: String(height), ...PACING };
  const runs = [];
  const failures = [];
  let authMode;
  try {
    for (const sockets of sizes) {
      let players;
      for (let rep = 0; rep < reps; rep++) {
        // Alternate which server goes first, so neither always runs on a warmer machine.
        const servers = ['product', ...envVariants.map((v) => `env:${v}`), 'reference'];
        const order = rep % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          const real = server !== 'reference';
          const extra = server.startsWith('env:') ? Object.fromEntries([server.slice(4).split('=')]) : {};
          const api = real
            ? await startApi({ label: 'api-fanout-ref', env: benchEnv({ COOLDOWN_MS: String(cooldownMs), ...env, ...extra }), seed, nodeArgs })
            : await startScript({ label: 'ws-reference', script: REF_SCRIPT, env, nodeArgs });
          // also on Ctrl-C (run.mjs stops what is in `cleanups`; stopping twice is harmless)
          cleanups.push(async () => {
            await api.stop(5000);
            api.cleanup();
          });
          try {
            if (real) {
              authMode = await detectAuthMode(api.base);
              // thousands of dev logins on a loaded 2-core machine can take minutes
              players = await createPlayers(api.base, authMode, sockets, { prefix: 'fref-', deadlineMs: 400_000 });
            } else if (!players) {
              // The reference ignores tokens: names are enough to spread the placer's load.
              players = await createPlayers(api.base, 'none', sockets, { prefix: 'fref-' });
            }
            const conn = await pool.add(api.base, sockets, real ? { tokens: players.map((p) => p.token), waitPlaying: authMode === 'token' } : {});
            if (conn.failed) log?.(`  ${server} ${sockets}: ${conn.failed} sockets failed to connect: ${JSON.stringify(conn.errors)}`);
            await sleep(1500);
            const load = loadAverage();
            const r = await measureFanout({ server: api, pool, placer, players, rate, durationMs, warmupMs, drainMs, width, height, connections: 500 });
            r.connectMs = conn.ms;
            r.load = load;
            delete r.guests;
            runs.push({ sockets, server, rep: rep + 1, r });
            log?.(`  ${sockets} sockets, ${server}, rep ${rep + 1}: ${line(r)}, load ${load}`);
            log?.(
              `    stall check: receiver frame gap max ${r.frameGapMaxMs.toFixed(0)} ms, receiver ELD max ${r.clientEldMaxMs.toFixed(0)} ms, tick max ${Math.round(r.tickIntervalMaxMs)} ms; ` +
                `per second: send→receipt max ${r.e2eMaxBySecond.join(' ')} | server ELD p99 ${r.timeline.map((t) => t.eld).join(' ')} | tick ${r.timeline.map((t) => t.tick).join(' ')}`,
            );
          } catch (error) {
            // One failed run (logins or connections timed out on a loaded machine) is reported, not fatal.
            failures.push({ sockets, server, rep: rep + 1, error: String(error?.message ?? error) });
            log?.(`  ${sockets} sockets, ${server}, rep ${rep + 1}: FAILED: ${error?.message ?? error}`);
          } finally {
            await pool.closeAll();
            await api.stop(5000);
            api.cleanup();
          }
          await sleep(1000);
        }
      }
    }
  } finally {
    await pool.stop();
    await placer.stop();
  }
  return {
    config: { sizes, rate, durationMs, warmupMs, drainMs, reps, cooldownMs, pacing: PACING, envVariants },
    authMode,
    failures,
    ...fanoutRefSummary(runs),
  };
}
