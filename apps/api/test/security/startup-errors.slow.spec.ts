import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiOnce, freePort } from '../support/server-process';

const ROOT = resolve(__dirname, '../../../..');

/** Runs the built server until it exits; returns its exit code, signal and everything it printed. */
async function runUntilExit(
  main: string,
  env: Record<string, string>,
  dataDir: string,
): Promise<{ code: number | null; signal: string | null; output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), DATA_DIR: dataDir, WEB_DIST_DIR: join(dataDir, 'no-web'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = await new Promise<[number | null, string | null]>((done) => child.once('exit', (c, s) => done([c, s])));
  clearTimeout(timer);
  return { code, signal, output };
}

function expectOneClearLine(output: string, pattern: RegExp): string {
  const lines = output.split('\n').filter((line) => pattern.test(line));
  expect(lines, output).toHaveLength(1);
  expect(output, 'a stack trace was printed').not.toMatch(/^\s+at /m);
  return lines[0];
}

describe('start-up errors: one clear line, never a secret or a stack trace', () => {
  let main: string;
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pixel-wars-startup-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(() => {
    main = buildApiOnce();
  }, 180_000);
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('a database file that is not a database: one line naming the file, exit code 1 (no abort)', async () => {
    const dir = dataDir();
    const file = join(dir, 'pixel-wars.db');
    writeFileSync(file, 'this is a text file, not a SQLite database\n'.repeat(200));
    const run = await runUntilExit(main, {}, dir);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    const line = expectOneClearLine(run.output, /pixel-wars\.db/);
    expect(line).toMatch(/^Start-up error: The database .*pixel-wars\.db is not a valid SQLite database/);
    expect(line).toContain(file);
  });

  it('a bad TELEGRAM_BOT_TOKEN is named, its value is not printed', async () => {
    const token = '987654321:AAH-this-is-the-secret-part with a space';
    const run = await runUntilExit(main, { TELEGRAM_BOT_TOKEN: token }, dataDir());
    expect(run.code).toBe(1);
    expectOneClearLine(run.output, /TELEGRAM_BOT_TOKEN/);
    expect(run.output).not.toContain('AAH-this-is-the-secret-part');
    expect(run.output).not.toContain('987654321');
  });

  it('a short JWT_SECRET and a bad METRICS_TOKEN are named without their values', async () => {
    for (const [name, value] of [
      ['JWT_SECRET', 'short-but-secret-jwt'],
      ['METRICS_TOKEN', 'tiny-metrics'],
    ] as const) {
      const run = await runUntilExit(main, { [name]: value }, dataDir());
      expect(run.code).toBe(1);
      expectOneClearLine(run.output, new RegExp(name));
      expect(run.output).not.toContain(value);
    }
  });

  it('dev login with NODE_ENV=production stops start-up with one line', async () => {
    const run = await runUntilExit(main, { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), AUTH_DEV_LOGIN: 'true' }, dataDir());
    expect(run.code).toBe(1);
    expect(expectOneClearLine(run.output, /AUTH_DEV_LOGIN/)).toMatch(/^Configuration error: Invalid AUTH_DEV_LOGIN: .*NODE_ENV=production/);
  });
});
