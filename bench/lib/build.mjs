// Build steps of the benchmark: the shared protocol library as one ES module (so the
// .mjs load generators use the same codecs as the server and the PWA), and the API
// bundle, copied out of dist/ so a concurrent `nest build` elsewhere cannot swap or
// delete the server under a running benchmark.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT = join(ROOT, 'bench', 'out');
export const PROTOCOL_BUNDLE = join(OUT, 'protocol.mjs');
export const SERVER_BUNDLE = join(OUT, 'api', 'main.js');

export async function buildProtocol() {
  mkdirSync(OUT, { recursive: true });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(ROOT, 'libs', 'protocol', 'src', 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: PROTOCOL_BUNDLE,
    logLevel: 'warning',
  });
  return PROTOCOL_BUNDLE;
}

/** `nest build api` (webpack), then a private copy of the bundle. Retries once (shared tree). */
export function buildServer({ skip = false } = {}) {
  const built = join(ROOT, 'dist', 'apps', 'api', 'main.js');
  if (!skip) {
    let lastError;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        execFileSync('npx', ['nest', 'build', 'api'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
        lastError = undefined;
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (lastError) {
      const out = `${lastError.stdout ?? ''}${lastError.stderr ?? ''}`.slice(-3000);
      throw new Error(`nest build api failed:\n${out}`);
    }
  }
  // Another engineer's `nest build` may be between deleting and rewriting dist/ right now.
  const deadline = Date.now() + 60_000;
  while (!existsSync(built) && Date.now() < deadline) execFileSync('sleep', ['0.5']);
  if (!existsSync(built)) throw new Error(`no server bundle at ${built} (run "npx nest build api")`);
  mkdirSync(dirname(SERVER_BUNDLE), { recursive: true });
  copyFileSync(built, SERVER_BUNDLE);
  if (existsSync(`${built}.map`)) copyFileSync(`${built}.map`, `${SERVER_BUNDLE}.map`);
  return { path: SERVER_BUNDLE, builtAt: statSync(built).mtime };
}
