import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HealthResponse } from '@pixel-wars/protocol';
import { devSignIn, joinAsPlayer, TestPlayer, waitFor } from '../support/players';
import { PrivatePostgres, PrivateRedis, startPrivatePostgres, startPrivateRedis } from '../support/private-services';
import { startTestCluster, TestCluster } from '../support/test-cluster';
import { serverCanvas, watch, Watcher } from '../support/watcher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Acked {
  version: number;
  x: number;
  y: number;
  color: number;
}

/**
 * Placement load through nginx: each writer paints its own row, one pixel after the other,
 * and remembers every acknowledged placement. Refusals (503 while a service is down) and
 * failed connections (an instance just died) are counted and retried.
 */
function placementLoad(url: string, writers: TestPlayer[], width: number) {
  const acked: Acked[] = [];
  const refused = new Map<number | string, number>();
  let running = true;
  const loops = writers.map(async (writer, row) => {
    let i = 0;
    while (running) {
      const x = i % width;
      const color = (i % 30) + 1;
      try {
        const response = await fetch(`${url}/api/canvas/pixels`, { method: 'POST', headers: writer.headers, body: JSON.stringify({ x, y: row, color }) });
        if (response.status === 201) {
          acked.push({ version: ((await response.json()) as { version: number }).version, x, y: row, color });
          i++;
        } else {
          refused.set(response.status, (refused.get(response.status) ?? 0) + 1);
          await response.arrayBuffer();
          await sleep(50);
        }
      } catch {
        refused.set('network', (refused.get('network') ?? 0) + 1);
        await sleep(50);
      }
    }
  });
  return {
    acked,
    refused,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Every acknowledged change is in the log with its pixel, and the versions are dense. */
async function expectLogHolds(databaseUrl: string, acked: Acked[]): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const head = (await client.query<{ version: string }>('SELECT version FROM canvas_head')).rows[0];
    const stats = (await client.query<{ n: string; max: string }>('SELECT COUNT(*) AS n, MAX(version) AS max FROM canvas_changes')).rows[0];
    expect(Number(stats.n)).toBe(Number(stats.max));
    expect(Number(head.version)).toBe(Number(stats.max));
    const rows = await client.query<{ version: string; x: number; y: number; color: number }>(
      'SELECT version, x, y, color FROM canvas_changes WHERE version = ANY($1::bigint[])',
      [acked.map((a) => a.version)],
    );
    const byVersion = new Map(rows.rows.map((r) => [Number(r.version), r]));
    const lost = acked.filter((a) => {
      const row = byVersion.get(a.version);
      return !row || row.x !== a.x || row.y !== a.y || row.color !== a.color;
    });
    expect(lost).toEqual([]);
    return Number(stats.max);
  } finally {
    await client.end();
  }
}

async function health(url: string): Promise<{ status: number; body: HealthResponse }> {
  const response = await fetch(`${url}/api/health`);
  return { status: response.status, body: (await response.json()) as HealthResponse };
}

describe('three instances behind nginx (real processes, PostgreSQL, Redis)', () => {
  let cluster: TestCluster;
  const watchers: Watcher[] = [];
  const players: TestPlayer[] = [];

  beforeAll(async () => {
    cluster = await startTestCluster({ instances: 3 });
  }, 180_000);
  afterEach(() => {
    for (const w of watchers.splice(0)) w.socket.close();
    for (const p of players.splice(0)) p.close();
  });
  afterAll(async () => {
    await cluster?.dispose();
  });

  it('every instance reports itself healthy on PostgreSQL and Redis', async () => {
    const reports = await Promise.all(cluster.instances.map((i) => health(i.url)));
    expect(reports.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(reports.map((r) => r.body.instance)).toEqual(['api-1', 'api-2', 'api-3']);
    for (const { body } of reports) expect(body).toMatchObject({ status: 'ok', storage: 'postgres', redis: true });
  });

  it('placements through nginx reach /play sockets on all three instances; the instances agree on /changes, /api/canvas and /api/canvas/pixel', async () => {
    for (const instance of cluster.instances) {
      const session = await devSignIn(cluster.url, `watcher-${instance.id}`);
      const watcher = watch(instance.url, session!.accessToken);
      watchers.push(watcher);
      await watcher.ready;
      await waitFor(() => watcher.socket.connected, 10_000);
    }
    const writer = await joinAsPlayer(cluster.url, 'writer');
    players.push(writer);
    let last = 0;
    for (let i = 0; i < 40; i++) {
      const response = await writer.place(i % 64, 7, (i % 30) + 1);
      expect(response.status).toBe(201);
      last = ((await response.json()) as { version: number }).version;
    }
    await waitFor(() => watchers.every((w) => w.catchUp.version === last), 10_000);
    expect(watchers.every((w) => w.frames > 0)).toBe(true); // live frames, not only catch-up reads
    const truths = await Promise.all(cluster.instances.map((i) => serverCanvas(i.url)));
    for (const [index, truth] of truths.entries()) {
      expect(truth.version).toBe(last);
      expect(Buffer.from(truth.pixels).equals(Buffer.from(watchers[index].catchUp.pixels!))).toBe(true);
    }
    const owners = await Promise.all(cluster.instances.map(async (i) => (await fetch(`${i.url}/api/canvas/pixel?x=39&y=7`)).json()));
    expect(owners[0]).toMatchObject({ x: 39, y: 7, color: 10, user: { name: 'writer' } });
    expect(owners[1]).toEqual(owners[0]);
    expect(owners[2]).toEqual(owners[0]);
    // after a quiet GUEST_POLL_MS every instance snapshots the head: one ETag, the same bytes
    await sleep(1200);
    const snapshots = await Promise.all(cluster.instances.map(async (i) => fetch(`${i.url}/api/canvas`)));
    const etags = snapshots.map((r) => r.headers.get('etag'));
    expect(new Set(etags).size).toBe(1);
    expect(snapshots.map((r) => r.headers.get('x-canvas-version'))).toEqual([String(last), String(last), String(last)]);
    const bodies = await Promise.all(snapshots.map(async (r) => Buffer.from(await r.arrayBuffer())));
    expect(bodies[1].equals(bodies[0]) && bodies[2].equals(bodies[0])).toBe(true);
  });

  it('kill -9 of one instance under placement load: no acknowledged change lost, versions dense, its clients back through nginx and caught up', async () => {
    // nginx hashes one client address to one instance: find the one that holds our sockets
    const session = await devSignIn(cluster.url, 'survivor');
    const watcher = watch(cluster.url, session!.accessToken);
    watchers.push(watcher);
    await watcher.ready;
    await waitFor(() => watcher.socket.connected, 10_000);
    const writers = await Promise.all([0, 1, 2, 3].map((i) => joinAsPlayer(cluster.url, `load-${i}`)));
    players.push(...writers);
    const counts = await Promise.all(
      cluster.instances.map(async (i) => {
        const text = await (await fetch(`${i.url}/api/metrics`)).text();
        return Number(/^pixelwars_engine_connections (\d+)/m.exec(text)?.[1] ?? 0);
      }),
    );
    const victim = cluster.instances[counts.indexOf(Math.max(...counts))];
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(5);

    const load = placementLoad(cluster.url, writers, 64);
    await waitFor(() => load.acked.length >= 100, 20_000);
    await victim.stop('SIGKILL');
    const ackedAtKill = load.acked.length;
    // the writers' sockets were on the dead instance too: they reconnect through nginx
    for (const writer of writers) {
      writer.socket.io.opts.reconnection = true;
      if (!writer.socket.connected) writer.socket.connect();
    }
    await waitFor(() => load.acked.length >= ackedAtKill + 100, 30_000);
    await load.stop();

    const head = await expectLogHolds(cluster.databaseUrl, load.acked);
    const survivors = cluster.instances.filter((i) => i !== victim);
    await waitFor(() => watcher.catchUp.version === head, 15_000);
    for (const instance of survivors) {
      const truth = await serverCanvas(instance.url);
      expect(truth.version).toBe(head);
      expect(Buffer.from(truth.pixels).equals(Buffer.from(watcher.catchUp.pixels!))).toBe(true);
    }
    console.log(
      `kill -9 under load: ${load.acked.length} acknowledged (${ackedAtKill} before the kill), refusals ${JSON.stringify(Object.fromEntries(load.refused))}, head ${head}`,
    );
  }, 120_000);
});

describe('Redis, then PostgreSQL, restarted under load (two instances, private servers)', () => {
  let redis: PrivateRedis;
  let postgres: PrivatePostgres;
  let cluster: TestCluster;
  let databaseUrl: string;

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startPrivateRedis(), startPrivatePostgres()]);
    databaseUrl = postgres.url.replace(/\/postgres$/, '/pixelwars');
    cluster = await startTestCluster({ instances: 2, redisUrl: redis.url, databaseUrl });
  }, 180_000);
  afterAll(async () => {
    await cluster?.dispose();
    await redis?.dispose();
    await postgres?.dispose();
  });

  it('answers 503 while a service is down, loses no acknowledged change and recovers without restarting the instances', async () => {
    const pids = cluster.instances.map((i) => i.child?.pid);
    const writers = await Promise.all([0, 1].map((i) => joinAsPlayer(cluster.url, `restart-${i}`)));
    const load = placementLoad(cluster.url, writers, 64);
    try {
      await waitFor(() => load.acked.length >= 50, 20_000);

      await redis.stop();
      await waitFor(() => (load.refused.get(503) ?? 0) > 0, 10_000);
      expect((await health(cluster.instances[0].url)).status).toBe(503);
      await sleep(1000);
      await redis.start();
      const afterRedis = load.acked.length;
      await waitFor(() => load.acked.length >= afterRedis + 50, 30_000);

      const refusedBefore = load.refused.get(503) ?? 0;
      await postgres.stop();
      await waitFor(() => (load.refused.get(503) ?? 0) > refusedBefore, 10_000);
      await sleep(1000);
      await postgres.start();
      const afterPostgres = load.acked.length;
      await waitFor(() => load.acked.length >= afterPostgres + 50, 30_000);
    } finally {
      await load.stop();
      for (const w of writers) w.close();
    }
    expect(cluster.instances.map((i) => i.child?.pid)).toEqual(pids);
    for (const instance of cluster.instances) expect((await health(instance.url)).body.status).toBe('ok');
    await expectLogHolds(databaseUrl, load.acked);
    console.log(`restarts under load: ${load.acked.length} acknowledged, refusals ${JSON.stringify(Object.fromEntries(load.refused))}`);
  }, 150_000);
});
