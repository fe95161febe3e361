import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { API_MAIN, ROOT, WEB_DIST } from './paths';

/** Newest modification time under the given files and folders (0 when none exist). */
function newest(paths: string[]): number {
  let latest = 0;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else {
      latest = Math.max(latest, stat.mtimeMs);
    }
  };
  paths.forEach(visit);
  return latest;
}

function stale(output: string, sources: string[]): boolean {
  return !existsSync(output) || statSync(output).mtimeMs < newest(sources);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** Builds the production PWA and the API when missing or older than their sources. */
export async function ensureBuilt(): Promise<void> {
  if (process.env['E2E_SKIP_BUILD'] === '1') return;
  const shared = [join(ROOT, 'libs/protocol/src'), join(ROOT, 'package.json')];
  const web = [join(ROOT, 'apps/web/src'), join(ROOT, 'apps/web/public'), join(ROOT, 'apps/web/ngsw-config.json'), join(ROOT, 'angular.json'), ...shared];
  if (stale(join(WEB_DIST, 'index.html'), web)) {
    console.log('[e2e] building the PWA (ng build web)…');
    await run('npx', ['ng', 'build', 'web']);
  }
  const api = [join(ROOT, 'apps/api/src'), join(ROOT, 'nest-cli.json'), ...shared];
  if (stale(API_MAIN, api)) {
    console.log('[e2e] building the API (nest build api)…');
    await run('npx', ['nest', 'build', 'api']);
  }
}
