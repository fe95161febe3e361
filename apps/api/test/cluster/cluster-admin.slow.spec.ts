import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESET_X } from '@pixel-wars/protocol';
import { FakeBotApi, RecordedCall } from '../telegram/fake-bot-api';
import { joinAsPlayer, TestPlayer, waitFor } from '../support/players';
import { TEST_REDIS_URL } from '../support/redis';
import { startTestCluster, TestCluster } from '../support/test-cluster';
import { watch, Watcher } from '../support/watcher';

const ADMIN = { id: 4242, username: 'boss' };

/**
 * The admin bot in front of three instances: whichever instance polls Telegram, a ban
 * closes the banned player's sockets on every instance and a clear reaches every socket;
 * the jobs that run once move to a survivor within 10 s when their instance dies.
 */
describe('admin actions and once-only jobs across three instances (fake Bot API)', () => {
  let api: FakeBotApi;
  let cluster: TestCluster;
  let redis: Redis;

  async function command(text: string): Promise<RecordedCall> {
    const since = api.calls.length;
    api.sendText(ADMIN, text);
    return api.waitForCall('sendMessage', (c) => c.params['chat_id'] === ADMIN.id, { since, timeoutMs: 15_000 });
  }

  const leaderOf = async (job: string) => redis.get(`${cluster.redisPrefix}leader:${job}`);

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    cluster = await startTestCluster({
      instances: 3,
      env: { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.url, TELEGRAM_ADMIN_IDS: String(ADMIN.id), HISTORY_EVERY_MS: '600000' },
    });
    redis = new Redis(TEST_REDIS_URL);
  }, 180_000);
  afterAll(async () => {
    redis?.disconnect();
    await cluster?.dispose();
    await api?.stop();
  });

  it('runs the bot and the history job on exactly one instance each', async () => {
    await waitFor(() => api.callsOf('getUpdates').length > 0, 15_000, 50);
    const ids = cluster.instances.map((i) => i.id);
    expect(ids).toContain(await leaderOf('telegram'));
    expect(ids).toContain(await leaderOf('history'));
  });

  it("a ban closes the player's sockets on every instance; /clear reaches every socket", async () => {
    // the victim plays on one instance; watchers listen on every instance
    const players: TestPlayer[] = [];
    const watchers: Watcher[] = [];
    try {
      const victim = await joinAsPlayer(cluster.instances[1].url, 'victim');
      players.push(victim);
      for (const instance of cluster.instances) {
        const p = await joinAsPlayer(cluster.url, `watcher-${instance.id}`);
        players.push(p);
        const w = watch(instance.url, p.accessToken!);
        watchers.push(w);
        await w.ready;
        await waitFor(() => w.socket.connected, 10_000);
      }
      const me = (await (await fetch(`${cluster.url}/api/me`, { headers: victim.headers })).json()) as { user: { email: string } };
      const closed = new Promise<void>((resolve) => victim.socket.once('disconnect', () => resolve()));
      const reply = await command(`/ban ${me.user.email} 30`);
      expect(reply.params['text']).toContain('Banned <b>victim</b>');
      await closed;
      for (const instance of cluster.instances) {
        const refused = await fetch(`${instance.url}/api/canvas/pixels`, {
          method: 'POST',
          headers: victim.headers,
          body: JSON.stringify({ x: 1, y: 1, color: 3 }),
        });
        expect(refused.status).toBe(403);
        expect(((await refused.json()) as { code: string }).code).toBe('BANNED');
      }

      const resets: number[] = [];
      for (const w of watchers) {
        w.socket.on('pixels', (b64: string) => {
          const bytes = Buffer.from(b64, 'base64');
          for (let o = 4; o + 5 <= bytes.length; o += 5) if (bytes.readUInt16LE(o) === RESET_X) resets.push(bytes[o + 4]);
        });
      }
      const prompt = await command('/clear 5');
      const buttons = FakeBotApi.buttons(prompt);
      api.pressButton(ADMIN, prompt, buttons[0].data);
      await waitFor(() => resets.length >= 3, 15_000, 20);
      expect(resets.slice(0, 3)).toEqual([5, 5, 5]);
      await waitFor(() => watchers.every((w) => w.catchUp.pixels!.every((c) => c === 5)), 10_000);
    } finally {
      for (const w of watchers) w.socket.close();
      for (const p of players) p.close();
    }
  }, 90_000);

  it('kill -9 of the instance running the jobs: a survivor takes them within 10 s', async () => {
    const holder = await leaderOf('telegram');
    const victim = cluster.instances.find((i) => i.id === holder)!;
    const historyHolder = await leaderOf('history');
    await victim.stop('SIGKILL');
    const killedAt = Date.now();
    const survivors = cluster.instances.filter((i) => i !== victim).map((i) => i.id);
    for (;;) {
      const [telegram, history] = await Promise.all([leaderOf('telegram'), leaderOf('history')]);
      const moved = survivors.includes(telegram ?? '') && (historyHolder !== holder || survivors.includes(history ?? ''));
      if (moved) break;
      expect(Date.now() - killedAt).toBeLessThan(10_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    const tookMs = Date.now() - killedAt;
    // the new leader polls Telegram: a command is answered again
    const reply = await command('/stats');
    expect(reply.params['text']).toContain('Pixel Wars');
    console.log(`once-only jobs moved to a survivor ${tookMs} ms after kill -9`);
    expect(tookMs).toBeLessThan(10_000);
  }, 60_000);
});
