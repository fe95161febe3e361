#!/usr/bin/env node
// The honest bare reference for durable placements (issue 17): node:http and nothing
// else between the socket and SQLite. Per POST /api/canvas/pixels it does the durable
// work the product does: reads the JSON body (1 KiB limit), verifies the product's HS256
// access token with node:crypto (signature, alg, exp, typ and the claim types the product
// checks), validates {x, y, color}, queues the change; once per event-loop turn
// (setImmediate) every queued change of that turn is committed in ONE better-sqlite3
// transaction on the product's canvas_changes schema (same indexes, journal_mode=WAL,
// synchronous=NORMAL, version = MAX(version)+1 read inside the transaction; WAL checkpoints
// on a worker thread, never inside a commit, as the product takes them), and only
// then is each request answered 201 {version, cooldownUntil}. No cooldown, no presence,
// no fan-out: it is the floor the product's placement path is compared with.
// Env: PORT, DATA_DIR, JWT_SECRET (the product's), CANVAS_WIDTH, CANVAS_HEIGHT, COLORS, COOLDOWN_MS.
import Database from 'better-sqlite3';
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { readPlacement, send } from './lib/reference-http.mjs';
import { startWalCheckpointer } from './lib/wal-checkpointer.mjs';

const PORT = Number(process.env.PORT ?? 0);
const WIDTH = Number(process.env.CANVAS_WIDTH ?? 1000);
const HEIGHT = Number(process.env.CANVAS_HEIGHT ?? 1000);
const COLORS = Number(process.env.COLORS ?? 32);
const COOLDOWN_MS = Number(process.env.COOLDOWN_MS ?? 0);
const SECRET = process.env.JWT_SECRET;
if (!SECRET) throw new Error("JWT_SECRET is required (the product's, so its dev login tokens verify here)");
const KEY = createSecretKey(Buffer.from(SECRET, 'utf8'));

const db = new Database(join(process.env.DATA_DIR ?? '.', 'reference.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
// As the product takes them: on a worker thread, not inside commits (bench/lib/wal-checkpointer.mjs).
await startWalCheckpointer(db);
db.exec(`
  CREATE TABLE IF NOT EXISTS canvas_changes (
    version INTEGER PRIMARY KEY, game INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL,
    color INTEGER NOT NULL, user_id TEXT, user_name TEXT, placed_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS canvas_changes_pixel ON canvas_changes (y, x, version);
  CREATE INDEX IF NOT EXISTS canvas_changes_user ON canvas_changes (user_id, version);
`);
const insert = db.prepare('INSERT INTO canvas_changes (version, game, x, y, color, user_id, user_name, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
const lastVersion = db.prepare('SELECT COALESCE(MAX(version), 0) FROM canvas_changes').pluck();
const commitRun = db.transaction((batch, placedAt) => {
  const first = lastVersion.get() + 1;
  for (let i = 0; i < batch.length; i++) {
    const c = batch[i];
    insert.run(first + i, 1, c.x, c.y, c.color, c.userId, c.userName, placedAt);
  }
  return first;
});

const HEADER_HS256 = new Set();
/** The claims of a valid, unexpired HS256 access token, or null. */
function verifyAccessToken(token) {
  const dot1 = token.indexOf('.');
  const dot2 = token.indexOf('.', dot1 + 1);
  if (dot1 < 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) return null;
  const header = token.slice(0, dot1);
  if (!HEADER_HS256.has(header)) {
    let parsed;
    try {
      parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (parsed?.alg !== 'HS256') return null;
    if (HEADER_HS256.size < 16) HEADER_HS256.add(header);
  }
  const expected = createHmac('sha256', KEY).update(token.slice(0, dot2)).digest();
  const given = Buffer.from(token.slice(dot2 + 1), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims;
  try {
    claims = JSON.parse(Buffer.from(token.slice(dot1 + 1, dot2), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
  if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !Number.isSafeInteger(claims.sid)) return null;
  if ((claims.role !== 'player' && claims.role !== 'admin') || typeof claims.name !== 'string' || typeof claims.email !== 'string') return null;
  return claims;
}

let pending = [];
let flushScheduled = false;
function flush() {
  flushScheduled = false;
  const batch = pending;
  pending = [];
  const placedAt = Date.now();
  let first;
  try {
    first = commitRun(batch, placedAt);
  } catch (error) {
    for (const c of batch) send(c.res, 503, { code: 'STORAGE_UNAVAILABLE', message: error.message });
    return;
  }
  const cooldownUntil = placedAt + COOLDOWN_MS;
  for (let i = 0; i < batch.length; i++) send(batch[i].res, 201, { version: first + i, cooldownUntil });
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/api/config') return send(res, 200, { width: WIDTH, height: HEIGHT, colors: COLORS });
  if (req.method !== 'POST' || req.url !== '/api/canvas/pixels') return send(res, 404, { code: 'NOT_FOUND', message: 'not found' });
  const auth = req.headers.authorization;
  const claims = auth?.startsWith('Bearer ') ? verifyAccessToken(auth.slice(7)) : null;
  if (!claims) {
    req.resume();
    return send(res, 401, { code: 'UNAUTHORIZED', message: 'a valid access token is required' });
  }
  readPlacement(req, res, { width: WIDTH, height: HEIGHT, colors: COLORS }, ({ x, y, color }) => {
    pending.push({ x, y, color, userId: claims.sub, userName: claims.name, res });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(PORT, '127.0.0.1');
const stop = () => {
  server.close(() => (db.close(), process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
