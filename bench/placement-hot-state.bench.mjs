// What shared hot state adds to one placement: the same PlacementService with presence and
// cooldowns in this process, then in Redis (one auto-pipelined round trip before the
// commit: presence check + cooldown script; one after: the AFK window and status push).
// The commit itself is a stand-in that costs nothing, so the figures are the added cost.
// Run: node bench/placement-hot-state.bench.mjs [redis-url] [placements]
// (default redis://127.0.0.1:6379; keys under a random prefix, deleted afterwards).
import { randomBytes } from 'node:crypto';
import { importSources } from './lib/source-bundle.mjs';

const REDIS_URL = process.argv[2] ?? 'redis://127.0.0.1:6379';
const PLACEMENTS = Number(process.argv[3] ?? 5000);
const USERS = 500;
const CONCURRENCY = 50;

const m = await importSources('placement-hot-state', {
  'placement/placement.service.ts': ['PlacementService'],
  'placement/local-placement-gate.ts': ['LocalPlacementGate'],
  'placement/redis-placement-gate.ts': ['RedisPlacementGate'],
  'presence/local-presence.service.ts': ['LocalPresenceService'],
  'presence/redis/redis-presence.service.ts': ['RedisPresenceService'],
  'cluster/redis.service.ts': ['RedisService'],
  'cluster/local-cluster-bus.ts': ['LocalClusterBus'],
  'config/configuration.service.ts': ['ConfigurationService'],
  'config/app-config.ts': ['loadAppConfig'],
});
const config = m.loadAppConfig({ COOLDOWN_MS: '0', AFK_AFTER_MS: '600000', MAX_PLAYERS: '100000', DATA_DIR: '/tmp/unused-bench' });
const configuration = new m.ConfigurationService(config);
const users = { isBanned: () => false, notePixelPlaced: () => undefined };
const load = { verdict: () => ({ overloaded: false }) };
let version = 0;
// answers at once: `place` for the awaiting path (Redis gate), `placeAnswered` for the one-process path
const committed = { userId: [''], version: new Float64Array(1), notes: new Float64Array(4), note: (_i, k) => committed.notes[k] };
const canvas = {
  paused: false,
  place: async () => ({ version: ++version, placedAt: Date.now() }),
  placeAnswered: async (_x, _y, _color, userId, _name, answerer, notes) => {
    committed.userId[0] = userId;
    committed.version[0] = ++version;
    committed.notes.set(notes);
    return answerer.committed(committed, 0);
  },
};
const captcha = { enabled: false };
const socket = (userId) => ({
  id: `s-${userId}`,
  data: { principal: { userId, sessionNumber: 1, role: 'player', name: userId, email: `${userId}@x` } },
  emit: () => true,
  disconnect: () => undefined,
});

const round = (x) => Math.round(x * 10) / 10;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(label, placements) {
  const ids = Array.from({ length: USERS }, (_, i) => `bench-user-${i}`);
  // sequential: the latency one placement sees
  for (let i = 0; i < 500; i++) await placements.place({ userId: ids[i % USERS], name: 'b' }, { x: 1, y: 1, color: 1 });
  const samples = [];
  for (let i = 0; i < PLACEMENTS; i++) {
    const started = process.hrtime.bigint();
    await placements.place({ userId: ids[i % USERS], name: 'b' }, { x: 1, y: 1, color: 1 });
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  // concurrent: CONCURRENCY placements in flight (auto-pipelining batches their scripts)
  let next = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, lane) => {
      while (next < PLACEMENTS) {
        next++;
        await placements.place({ userId: ids[(lane * 7 + next) % USERS], name: 'b' }, { x: 1, y: 1, color: 1 });
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return {
    label,
    sequentialMicros: { p50: round(pct(samples, 50)), p99: round(pct(samples, 99)), mean: round(samples.reduce((a, b) => a + b, 0) / samples.length) },
    concurrent: {
      inFlight: CONCURRENCY,
      placementsPerSecond: Math.round(PLACEMENTS / seconds),
      nodeCpuMicrosPerPlacement: round((used.user + used.system) / PLACEMENTS),
    },
  };
}

async function redisPing(redis) {
  for (let i = 0; i < 200; i++) await redis.client.ping();
  const samples = [];
  for (let i = 0; i < 2000; i++) {
    const started = process.hrtime.bigint();
    await redis.client.ping();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { p50: round(pct(samples, 50)), p99: round(pct(samples, 99)) };
}

const localPresence = new m.LocalPresenceService(configuration, users, load);
const results = [];
for (let i = 0; i < USERS; i++) localPresence.connect(socket(`bench-user-${i}`));
results.push(
  await measure(
    'in process',
    new m.PlacementService(canvas, new m.LocalPlacementGate(localPresence, configuration), users, localPresence, captcha, configuration),
  ),
);
localPresence.onModuleDestroy();

const prefix = `pwbench:${randomBytes(4).toString('hex')}:`;
const redis = await m.RedisService.open(REDIS_URL, prefix);
const presence = new m.RedisPresenceService(redis, new m.LocalClusterBus('bench'), configuration, users, load);
await presence.onModuleInit();
for (let i = 0; i < USERS; i++) await presence.connect(socket(`bench-user-${i}`));
const ping = await redisPing(redis);
results.push(await measure('Redis', new m.PlacementService(canvas, new m.RedisPlacementGate(redis, configuration), users, presence, captcha, configuration)));
presence.onModuleDestroy();
let cursor = '0';
const raw = redis.client;
do {
  const [nextCursor, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
  cursor = nextCursor;
  if (keys.length > 0) await raw.del(...keys.map((k) => k.slice(prefix.length)));
} while (cursor !== '0');
await redis.onApplicationShutdown();

const [local, shared] = results;
console.log(
  JSON.stringify(
    {
      node: process.version,
      redis: REDIS_URL.replace(/\/\/[^@]*@/, '//***@'),
      placements: PLACEMENTS,
      redisPingMicros: ping,
      results,
      addedMicrosPerPlacement: {
        p50: round(shared.sequentialMicros.p50 - local.sequentialMicros.p50),
        p99: round(shared.sequentialMicros.p99 - local.sequentialMicros.p99),
        nodeCpu: round(shared.concurrent.nodeCpuMicrosPerPlacement - local.concurrent.nodeCpuMicrosPerPlacement),
      },
    },
    null,
    2,
  ),
);
process.exit(0);
