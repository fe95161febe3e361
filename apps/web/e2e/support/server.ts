import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, ROOT, WEB_DIST } from './paths';

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Last lines the server printed (for failure messages). */
  log(): string;
  /** Stops the process (SIGKILL with `crash`), keeping the data directory. */
  stop(crash?: boolean): Promise<void>;
  /** Starts it again on the same port and data directory (with extra environment). */
  start(env?: Record<string, string>): Promise<void>;
  /** Stops it and removes the data directory. */
  dispose(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the real API (which serves the built PWA at /) on a free port with a fresh data
 * directory. `env` overrides the test defaults (small cooldown, fast guest polling).
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'pixel-wars-e2e-'));
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    WEB_DIST_DIR: WEB_DIST,
    JWT_SECRET: 'e2e-secret-0123456789-0123456789-0123456789',
    AUTH_DEV_LOGIN: 'true',
    CANVAS_WIDTH: '256',
    CANVAS_HEIGHT: '192',
    COOLDOWN_MS: '1000',
    GUEST_POLL_MS: '500',
    RATE_LIMIT_PER_MIN: '100000',
    AUTH_RATE_LIMIT_PER_MIN: '100000',
    FEEDBACK_RATE_LIMIT_PER_MIN: '100000',
    MAX_SOCKETS_PER_IP: '1000', // seeding helpers open dozens of sockets from this machine
    ...env,
  };
  let child: ChildProcess | null = null;
  let output = '';

  const start = async (overrides: Record<string, string> = {}): Promise<void> => {
    Object.assign(fullEnv, overrides);
    const proc = spawn(process.execPath, [API_MAIN], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`API exited with ${proc.exitCode}:\n${output}`);
      try {
        const response = await fetch(`${url}/api/config`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(150);
    }
    throw new Error(`API did not answer within 30 s:\n${output}`);
  };

  const stop = async (crash = false): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill(crash ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    url,
    port,
    dataDir,
    log: () => output,
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
