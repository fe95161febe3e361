// Server memory per socket (issue 8 target ≤ 20 KB), measured apart from any load: a
// fresh server started with the V8 inspector on loopback, all players signed in first;
// then a full garbage collection and process.memoryUsage() before and after connecting
// N idle sockets. RSS is what the OS charges; heap + external is what the sockets keep alive.
import { ReceiverPool } from '../lib/fanout.mjs';
import { createPlayers } from '../lib/players.mjs';
import { inspect } from '../lib/server.mjs';
import { sleep } from '../lib/stats.mjs';

export async function runMemory({ api, inspectPort, protocolPath, authMode, sockets, perWorker, log }) {
  const players = await createPlayers(api.base, authMode, sockets, { prefix: 'mem-' });
  const inspector = await inspect(inspectPort);
  const pool = new ReceiverPool(protocolPath, perWorker);
  try {
    await sleep(500);
    const before = await inspector.gcAndMemory();
    const conn = await pool.add(api.base, sockets, { tokens: players.map((p) => p.token), waitPlaying: authMode === 'token' });
    await sleep(1000);
    const after = await inspector.gcAndMemory();
    const n = conn.ok;
    const live = (m) => m.heapUsed + m.external;
    const result = {
      sockets: n,
      failed: conn.failed,
      before,
      after,
      rssPerSocketBytes: (after.rss - before.rss) / n,
      livePerSocketBytes: (live(after) - live(before)) / n,
    };
    log?.(
      `  ${n} idle sockets: RSS ${(before.rss / 1048576).toFixed(0)} → ${(after.rss / 1048576).toFixed(0)} MB (${(result.rssPerSocketBytes / 1024).toFixed(1)} KB/socket); after full GC, V8 heap + external ${(live(before) / 1048576).toFixed(0)} → ${(live(after) / 1048576).toFixed(0)} MB (${(result.livePerSocketBytes / 1024).toFixed(1)} KB/socket)`,
    );
    return result;
  } finally {
    inspector.close();
    await pool.stop();
  }
}
