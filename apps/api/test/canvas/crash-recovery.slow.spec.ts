import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiOnce, freePort, ServerProcess, startServerProcess } from '../support/server-process';
import { devSignIn, joinAsPlayer, waitFor } from '../support/players';
import { serverCanvas, watch } from '../support/watcher';

describe('crash recovery seen from clients', () => {
  let main: string;
  let server: ServerProcess | null = null;
  beforeAll(() => {
    main = buildApiOnce();
  }, 120_000);
  afterAll(async () => {
    await server?.kill();
  });

  it('clients reconnect and catch up by themselves after kill -9 and restart', async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      JWT_SECRET: 'x'.repeat(40),
      CANVAS_WIDTH: '50',
      CANVAS_HEIGHT: '50',
      TICK_MS: '20',
      COOLDOWN_MS: '0',
      RATE_LIMIT_PER_MIN: '1000000',
      AUTH_RATE_LIMIT_PER_MIN: '1000000',
    };
    const first = await startServerProcess(main, env);
    server = first;
    const url = first.url;
    const session = await devSignIn(url, 'watcher');
    const watcher = watch(url, session!.accessToken);
    await watcher.ready;
    const writer = await joinAsPlayer(url, 'writer');
    for (let i = 0; i < 30; i++) expect((await writer.place(i % 50, 0, (i % 30) + 1)).status).toBe(201);
    await waitFor(() => watcher.catchUp.version >= 30, 5000);

    await first.kill('SIGKILL');
    const restarted = await startServerProcess(main, env, first.dataDir);
    server = restarted;
    const restartedAt = Date.now();
    // the writer's socket reconnects by itself too; wait until it may place again
    writer.socket.io.opts.reconnection = true;
    if (!writer.socket.connected) writer.socket.connect();
    await waitFor(() => writer.socket.connected, 10_000);
    let placed = 0;
    const deadline = Date.now() + 10_000;
    while (placed < 20 && Date.now() < deadline) {
      const res = await writer.place(placed, 1, 7);
      if (res.status === 201) placed++;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(placed).toBe(20);
    const serverVersion = Number((await fetch(`${url}/api/canvas/changes?since=0`)).headers.get('x-canvas-version'));
    await waitFor(() => watcher.catchUp.version === serverVersion, 10_000);
    const recoveryMs = Date.now() - restartedAt;
    const truth = await serverCanvas(url);
    expect(Buffer.from(watcher.catchUp.pixels!).equals(Buffer.from(truth.pixels))).toBe(true);
    console.log(`client recovery after kill -9: ${recoveryMs} ms from restart to caught up (incl. 20 new placements)`);
    watcher.socket.close();
    writer.close();
  }, 60_000);
});
