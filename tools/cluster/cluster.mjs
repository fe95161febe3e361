// Starts Pixel Wars as several instances on PostgreSQL + Redis behind nginx, on this machine.
//
//   npm run cluster -- --instances 3 [--port 3000] [--database-url URL] [--redis-url URL]
//
// Also a library: tests and benchmarks call startCluster() for the same topology.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_MAIN = join(ROOT, 'dist/apps/api/main.js');
const NGINX_SITE = join(ROOT, 'deploy/nginx/pixel-wars.conf');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Creates the database named in `url` when it does not exist (connecting to `postgres`). */
export async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[\w-]+$/.test(name)) throw new Error(`unexpected database name ${JSON.stringify(name)}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** The site config of deploy/nginx with this cluster's instances and port. */
export function nginxSite(ports, listenPort) {
  const site = readFileSync(NGINX_SITE, 'utf8');
  const servers = (indent) => ports.map((p) => `${indent}server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n');
  return site
    .replace(/^(\s*)server 127\.0\.0\.1:3001 .*\n(\s*server 127\.0\.0\.1:300\d .*\n)*/gm, (_m, indent) => `${servers(indent)}\n`)
    .replace(/^(\s*)listen 80;/m, `$1listen 127.0.0.1:${listenPort};`);
}

class Instance {
  constructor({ id, port, main, env, logDir }) {
    Object.assign(this, { id, port, main, env, logDir });
    this.url = `http://127.0.0.1:${port}`;
    this.log = '';
    this.child = null;
  }

  start() {
    this.log = '';
    this.child = spawn(process.execPath, [this.main], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port), INSTANCE_ID: this.id },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d) => {
      this.log = (this.log + d).slice(-20000);
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.exited = new Promise((r) => this.child.once('exit', r));
    return this.waitHealthy();
  }

  async waitHealthy(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`instance ${this.id} exited with ${this.child.exitCode}:\n${this.log}`);
      try {
        if ((await fetch(`${this.url}/api/health`)).ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`instance ${this.id} did not become healthy:\n${this.log}`);
      await sleep(100);
    }
  }

  /** Stops the process (SIGKILL: a crash; SIGTERM: a clean shutdown) and waits for it. */
  async stop(signal = 'SIGTERM') {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}

/**
 * Starts `instances` API processes (ports chosen freely unless given) sharing one
 * PostgreSQL database and one Redis key prefix, and nginx in front of them on `port`.
 */
export async function startCluster(options = {}) {
  const count = options.instances ?? 3;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/pixelwars';
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const main = options.main ?? DEFAULT_MAIN;
  if (!existsSync(main)) throw new Error(`no server build at ${main}: run "npm run build" first`);
  await ensureDatabase(databaseUrl);
  const work = options.workDir ?? mkdtempSync(join(tmpdir(), 'pixel-wars-cluster-'));
  const port = options.port ?? (await freePort());
  const ports = options.instancePorts ?? (await Promise.all(Array.from({ length: count }, () => freePort())));
  const publicUrl = `http://localhost:${port}`;
  const instances = ports.map(
    (p, i) =>
      new Instance({
        id: `api-${i + 1}`,
        port: p,
        main,
        logDir: work,
        env: {
          DATABASE_URL: databaseUrl,
          REDIS_URL: redisUrl,
          TRUST_PROXY: '127.0.0.1',
          PUBLIC_URL: publicUrl,
          ALLOWED_ORIGINS: `${publicUrl},http://127.0.0.1:${port}`,
          DATA_DIR: join(work, `data-${i + 1}`),
          ...options.env,
        },
      }),
  );
  await Promise.all(instances.map((i) => i.start()));

  const nginxDir = join(work, 'nginx');
  mkdirSync(join(nginxDir, 'logs'), { recursive: true });
  writeFileSync(join(nginxDir, 'pixel-wars.conf'), nginxSite(ports, port));
  writeFileSync(
    join(nginxDir, 'nginx.conf'),
    [
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;',
      'daemon off;',
      `pid ${join(nginxDir, 'nginx.pid')};`,
      `error_log ${join(nginxDir, 'logs/error.log')} warn;`,
      'events { worker_connections 16384; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${join(nginxDir, 'body')};`,
      `  proxy_temp_path ${join(nginxDir, 'proxy')};`,
      `  fastcgi_temp_path ${join(nginxDir, 'fastcgi')};`,
      `  uwsgi_temp_path ${join(nginxDir, 'uwsgi')};`,
      `  scgi_temp_path ${join(nginxDir, 'scgi')};`,
      `  include ${join(nginxDir, 'pixel-wars.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const nginxBinary = options.nginx ?? '/usr/sbin/nginx';
  const nginx = spawn(nginxBinary, ['-p', nginxDir, '-c', join(nginxDir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let nginxLog = '';
  nginx.stderr.on('data', (d) => (nginxLog += d));
  const nginxExited = new Promise((r) => nginx.once('exit', r));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode}: ${nginxLog}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (tries > 200) throw new Error(`nginx did not answer: ${nginxLog}`);
    await sleep(50);
  }

  return {
    url,
    port,
    publicUrl,
    databaseUrl,
    instances,
    nginxLog: () => nginxLog,
    async stop({ keepWork = false } = {}) {
      await Promise.all(instances.map((i) => i.stop('SIGTERM')));
      if (nginx.exitCode === null) {
        nginx.kill('SIGQUIT');
        await Promise.race([nginxExited, sleep(3000)]);
        if (nginx.exitCode === null) nginx.kill('SIGKILL');
      }
      if (!keepWork) rmSync(work, { recursive: true, force: true });
    },
  };
}

function parseArgs(argv) {
  const args = { instances: 3, port: 3000 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = () => inline ?? argv[++i];
    if (flag === '--instances') args.instances = Number(value());
    else if (flag === '--port') args.port = Number(value());
    else if (flag === '--database-url') args.databaseUrl = value();
    else if (flag === '--redis-url') args.redisUrl = value();
    else if (flag === '--help' || flag === '-h') args.help = true;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!Number.isInteger(args.instances) || args.instances < 1 || args.instances > 32) throw new Error('--instances must be 1..32');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log('npm run cluster -- [--instances 3] [--port 3000] [--database-url postgres://…] [--redis-url redis://…]');
    return;
  }
  const instancePorts = Array.from({ length: args.instances }, (_, i) => args.port + 1 + i);
  const cluster = await startCluster({ ...args, instancePorts });
  console.log(`Pixel Wars: ${args.instances} instance(s) behind nginx at http://localhost:${cluster.port}`);
  for (const i of cluster.instances) console.log(`  ${i.id}: ${i.url} (log kept in memory; its health: ${i.url}/api/health)`);
  console.log(
    `  PostgreSQL: ${cluster.databaseUrl.replace(/:[^:@/]*@/, ':***@')}  Redis: ${args.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}`,
  );
  console.log('Ctrl+C stops everything.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (const i of cluster.instances) {
    i.exited.then(() => {
      if (!stopping) console.error(`instance ${i.id} exited:\n${i.log.split('\n').slice(-20).join('\n')}`);
    });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
