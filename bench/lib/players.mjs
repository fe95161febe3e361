// Who places pixels in the benchmark. Two server generations are supported:
//  - "token": POST /api/auth/dev {name} answers 200 {accessToken}; placements carry
//    `Authorization: Bearer <token>` and the user must be playing, i.e. hold an open
//    /play socket connected with auth {token} (admission is immediate when MAX_PLAYERS
//    is high);
//  - "header": no dev login yet; the development guard trusts `X-Dev-User: <name>`.
import http from 'node:http';
import { connectMany, LightSocket } from './sio-light.mjs';
import { sleep } from './stats.mjs';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One JSON request with a hard timeout; resolves {status, body, headers}. */
export function requestJson(base, method, path, body, headers = {}, timeoutMs = 10_000) {
  const url = new URL(path, base);
  const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}), ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          let parsed = raw;
          if ((res.headers['content-type'] ?? '').includes('json')) {
            try {
              parsed = JSON.parse(raw.toString('utf8'));
            } catch {
              parsed = raw.toString('utf8');
            }
          }
          resolve({ status: res.statusCode, body: parsed, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout`)));
    req.on('error', reject);
    req.end(payload ?? undefined);
  });
}

/** "token" when dev login answers 200 with an access token, else "header". */
export async function detectAuthMode(base) {
  try {
    const res = await requestJson(base, 'POST', '/api/auth/dev', { name: 'bench-probe' });
    if (res.status === 200 && typeof res.body?.accessToken === 'string') return 'token';
  } catch {
    // fall through: header mode
  }
  return 'header';
}

export function playerName(prefix, i) {
  return `${prefix}${String(i).padStart(5, '0')}`;
}

/**
 * Creates `count` players named prefix<start>…; in token mode signs each one in through
 * POST /api/auth/dev (bounded concurrency, bounded retries). Returns [{name, token}].
 */
export async function createPlayers(base, mode, count, { prefix = 'bench-', start = 0, concurrency = 48, deadlineMs = 120_000 } = {}) {
  const players = Array.from({ length: count }, (_, i) => ({ name: playerName(prefix, start + i), token: undefined }));
  if (mode !== 'token') return players;
  const deadline = Date.now() + deadlineMs;
  let next = 0;
  let failures = 0;
  async function worker() {
    while (next < count) {
      const player = players[next++];
      for (let attempt = 0; attempt < 5 && Date.now() < deadline; attempt++) {
        try {
          const res = await requestJson(base, 'POST', '/api/auth/dev', { name: player.name });
          if (res.status === 200 && typeof res.body?.accessToken === 'string') {
            player.token = res.body.accessToken;
            break;
          }
          if (res.status === 429) await sleep(200);
        } catch {
          await sleep(50);
        }
      }
      if (!player.token) failures++;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (failures) throw new Error(`dev login failed for ${failures} of ${count} players`);
  return players;
}

/** Headers that authenticate a placement by this player. */
export function placementHeaders(player) {
  return player.token ? { authorization: `Bearer ${player.token}` } : { 'x-dev-user': player.name };
}

/**
 * Makes the players "playing": in token mode, one light /play socket per player in this
 * process, connected with auth {token}; waits (bounded) for status `playing` when the
 * server sends presence. Header mode needs no socket. Returns {sockets, playing, close}.
 */
export async function openPlayerSockets(base, mode, players, { waitMs = 10_000 } = {}) {
  if (mode !== 'token' || players.length === 0) return { sockets: [], playing: players.length, close() {} };
  const { sockets, failed, errors } = await connectMany(players.length, (i) => new LightSocket(base, { token: players[i].token }), { concurrency: 32 });
  if (failed) throw new Error(`${failed} player sockets failed to connect: ${JSON.stringify(errors)}`);
  await waitForPlaying(sockets, waitMs);
  const playing = () => sockets.filter((s) => s.status === 'playing').length;
  return { sockets, playing: playing(), close: () => sockets.forEach((s) => s.close()) };
}

/**
 * Waits (bounded) until every socket reports status `playing`. A server without presence
 * never sends `status`: when none has arrived after 1.5 s, connected is all there is.
 */
export async function waitForPlaying(sockets, waitMs = 10_000) {
  const start = Date.now();
  while (Date.now() - start < 1500 && !sockets.some((s) => s.status !== null)) await sleep(50);
  if (!sockets.some((s) => s.status !== null)) return;
  while (Date.now() - start < waitMs && sockets.some((s) => s.status !== 'playing')) await sleep(50);
}
