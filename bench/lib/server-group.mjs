// Several instances of the API on one PostgreSQL database and one Redis key prefix, seen
// by the fan-out measurement as one server: CPU and written bytes summed over the
// instances, the worst event-loop delay, the summed realtime bytes.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import Redis from 'ioredis';
import { readProc } from './procstat.mjs';
import { benchEnv, startApi } from './server.mjs';
import { Hist, median } from './stats.mjs';

export const BENCH_POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database and Redis key prefix for one topology; `drop()` removes both. */
export async function createSharedStorage(label) {
  const name = `pw_bench_${label.replace(/\W/g, '')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(BENCH_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const prefix = `pwbench:${name}:`;
  return {
    databaseUrl: url.toString(),
    redisPrefix: prefix,
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      const redis = new Redis(BENCH_REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** Starts `count` instances on `storage` (sequentially: the first one runs the migrations). */
export async function startInstances({ label, count, storage, env = {} }) {
  const shared = {
    DATABASE_URL: storage.databaseUrl,
    REDIS_URL: BENCH_REDIS_URL,
    REDIS_KEY_PREFIX: storage.redisPrefix,
    JWT_SECRET: 'bench-cluster-secret-0123456789abcdef0123456789abcdef',
  };
  const servers = [];
  try {
    for (let i = 0; i < count; i++)
      servers.push(await startApi({ label: `${label}-${i + 1}`, env: benchEnv({ ...shared, INSTANCE_ID: `${label}-${i + 1}`, ...env }) }));
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  return new ServerGroup(servers);
}

export class ServerGroup {
  constructor(servers) {
    this.servers = servers;
    this.base = servers[0].base;
    this.pid = servers[0].pid;
  }

  proc() {
    const all = this.servers.map((s) => s.proc());
    if (all.some((p) => !p)) return null;
    const sum = (key) => all.reduce((n, p) => n + p[key], 0);
    return {
      at: Math.max(...all.map((p) => p.at)),
      cpuMs: sum('cpuMs'),
      rssBytes: sum('rssBytes'),
      wcharBytes: sum('wcharBytes'),
      runDelayMs: sum('runDelayMs'),
    };
  }

  async metrics() {
    const all = await Promise.all(this.servers.map((s) => s.metrics()));
    return {
      eldP99Ms: Math.max(...all.map((m) => m.eldP99Ms)),
      realtimeBytesPerSec: all.reduce((n, m) => n + m.realtimeBytesPerSec, 0),
      heapUsedBytes: all.reduce((n, m) => n + m.heapUsedBytes, 0),
      tickIntervalMs: median(all.map((m) => m.tickIntervalMs)),
    };
  }

  async stop() {
    await Promise.all(this.servers.map((s) => s.stop()));
  }

  cleanup() {
    for (const s of this.servers) s.cleanup();
  }
}

/**
 * One placer per instance, the offered rate split evenly; seen by measureFanout as one
 * placer. Versions are global, so the merged runs analyse like a single instance's.
 */
export class PlacerGroup {
  constructor(placers, bases) {
    this.placers = placers;
    this.bases = bases;
  }

  async call(cmd, args, timeoutMs) {
    if (cmd !== 'place') throw new Error(`PlacerGroup: ${cmd} is not split`);
    const n = this.placers.length;
    const parts = await Promise.all(
      this.placers.map((placer, i) =>
        placer.call(
          'place',
          {
            ...args,
            base: this.bases[i],
            rate: args.rate / n,
            connections: Math.ceil(args.connections / n),
            players: args.players.filter((_, j) => j % n === i),
            seed: 12345 + i,
          },
          timeoutMs,
        ),
      ),
    );
    return mergePlacements(parts);
  }

  async stop() {
    await Promise.all(this.placers.map((p) => p.stop()));
  }
}

function addCounts(target, source) {
  for (const [k, v] of Object.entries(source)) target[k] = (target[k] ?? 0) + v;
  return target;
}

function mergePlacements(parts) {
  const sum = (key) => parts.reduce((n, p) => n + p[key], 0);
  const hists = parts.map((p) => p.reqHist);
  return {
    type: 'placed',
    issued: sum('issued'),
    skipped: sum('skipped'),
    sendWallMs: Math.max(...parts.map((p) => p.sendWallMs)),
    wallMs: Math.max(...parts.map((p) => p.wallMs)),
    abandoned: sum('abandoned'),
    statuses: parts.reduce((t, p) => addCounts(t, p.statuses), {}),
    codes: parts.reduce((t, p) => addCounts(t, p.codes), {}),
    refusalSamples: parts.flatMap((p) => p.refusalSamples).slice(0, 5),
    errors: parts.reduce((t, p) => addCounts(t, p.errors), {}),
    versions: parts.flatMap((p) => p.versions),
    sends: parts.flatMap((p) => p.sends),
    acks: parts.flatMap((p) => p.acks),
    reqHist: hists.slice(1).reduce((merged, h) => mergeHistJson(merged, h), hists[0]),
    cpuMs: sum('cpuMs'),
  };
}

function mergeHistJson(a, b) {
  const merged = Hist.fromJSON(a);
  merged.merge(Hist.fromJSON(b));
  return merged.toJSON();
}

/** CPU time (ms) used so far by every PostgreSQL and Redis server process on this machine. */
export function storageCpuMs() {
  const pids = (name) => {
    try {
      return execFileSync('pgrep', ['-x', name]).toString().trim().split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const total = (list) => list.reduce((n, pid) => n + (readProc(pid)?.cpuMs ?? 0), 0);
  return { postgresMs: total(pids('postgres')), redisMs: total(pids('redis-server')), at: performance.now() };
}
