import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');
export const TEST_BUILDS_DIR = join(ROOT, 'dist', 'test-builds');

/** Builds the API (webpack, as `npm start` does) into a private folder; returns main.js. */
export function buildApiOnce(): string {
  // Inside the repository, so the bundle's external requires find node_modules; keyed by
  // the test runner's process so the files of one (sequential) run share one build.
  const dir = join(TEST_BUILDS_DIR, String(process.ppid));
  const main = join(dir, 'main.js');
  if (!existsSync(main)) {
    execFileSync(join(ROOT, 'node_modules/.bin/nest'), ['build', 'api'], { cwd: ROOT, env: { ...process.env, API_BUILD_DIR: dir }, stdio: 'pipe' });
  }
  return main;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the built server as a real child process and waits until it answers. */
export async function startServerProcess(
  main: string,
  env: Record<string, string>,
  dataDir = mkdtempSync(join(tmpdir(), 'pixel-wars-proc-')),
): Promise<ServerProcess & { dataDir: string }> {
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  let log = '';
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      DATA_DIR: dataDir,
      WEB_DIST_DIR: join(dataDir, 'no-web'),
      MAX_SOCKETS_PER_IP: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    child,
    dataDir,
    output: () => log,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill(signal);
      }),
  };
}
