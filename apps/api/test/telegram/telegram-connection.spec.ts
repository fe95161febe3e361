import { Logger } from '@nestjs/common';
import { Telegraf } from 'telegraf';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdminCommandRegistry } from '../../src/app/admin/admin-command-registry';
import { TelegramConnection, TelegramConnectionOptions } from '../../src/app/telegram/telegram-connection';
import { TelegramSettings } from '../../src/app/telegram/telegram-settings';
import { waitFor } from '../support/players';
import { freePort } from '../support/server-process';
import { FakeBotApi, RecordedCall } from './fake-bot-api';

/** Short back-off so the doubling shows within a test: 100, 200, 400, 800 ms. */
const FAST: Partial<TelegramConnectionOptions> = { retryBaseMs: 100, retryMaxMs: 800, apiTimeoutMs: 300, stopWaitMs: 2000 };

/** The connection exactly as the app builds it (nestjs-telegraf's bot, launchOptions false), on a fake Bot API. */
function connect(apiRoot: string, token: string, options: Partial<TelegramConnectionOptions> = FAST, webhookUrl: string | null = null) {
  const settings = new TelegramSettings(
    { botToken: token, adminIds: [111], apiRoot, webhookUrl, authMaxAgeSeconds: 86_400, botUsername: null },
    'https://pixels.example',
  );
  const bot = new Telegraf(token, { telegram: { apiRoot: settings.apiRoot ?? undefined, webhookReply: false } });
  const connection = new TelegramConnection(bot, settings, new AdminCommandRegistry(), options);
  return { bot, connection };
}

const gaps = (calls: RecordedCall[]) => calls.slice(1).map((c, i) => c.at - calls[i].at);

describe('TelegramConnection against a failing Bot API', () => {
  let api: FakeBotApi;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  const running: TelegramConnection[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    process.on('unhandledRejection', onUnhandled);
    api = await new FakeBotApi().start();
  });
  beforeEach(() => {
    api.heal();
    api.clear();
    unhandled.length = 0;
  });
  afterEach(async () => {
    for (const c of running.splice(0)) await c.stop();
    expect(unhandled).toEqual([]);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await api?.stop();
  });

  function started(token = api.token, options = FAST, webhookUrl: string | null = null) {
    const made = connect(`${api.url}/`, token, options, webhookUrl);
    running.push(made.connection);
    made.connection.start();
    return made;
  }

  it('backs off exponentially while Telegram rejects the token (401), and stop() ends the wait at once', async () => {
    const { connection } = started('42:wrong-token');
    // the fake answers 401 to an unknown token: getMe at 0, 100, 300, 700, 1500 ms
    await waitFor(() => api.callsOf('getMe').length >= 5, 5000, 10);
    const [a, b, c, d] = gaps(api.callsOf('getMe'));
    expect(a).toBeGreaterThanOrEqual(90);
    expect(b).toBeGreaterThanOrEqual(190);
    expect(c).toBeGreaterThanOrEqual(390);
    expect(d).toBeGreaterThanOrEqual(790);
    await waitFor(() => connection.state === 'retrying', 1000, 5);
    expect(connection.consecutiveFailures).toBeGreaterThanOrEqual(4);

    const began = Date.now();
    await connection.stop();
    expect(Date.now() - began).toBeLessThan(200);
    expect(connection.state).toBe('stopped');
    const calls = api.calls.length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(api.calls.length).toBe(calls);
  });

  it('backs off while Telegram is down (connection refused)', async () => {
    const port = await freePort();
    const { connection } = connect(`http://127.0.0.1:${port}/`, api.token);
    running.push(connection);
    connection.start();
    await waitFor(() => connection.consecutiveFailures >= 3, 5000, 10);
    expect(connection.state).toBe('retrying');
    await connection.stop();
  });

  it('gives up on a Bot API that hangs after apiTimeoutMs, retries, and stop() aborts the hanging call', async () => {
    api.fail('getMe', { kind: 'hang' });
    const { connection } = started();
    await waitFor(() => api.callsOf('getMe').length >= 2, 3000, 10);
    const [gap] = gaps(api.callsOf('getMe'));
    expect(gap).toBeGreaterThanOrEqual(290); // the deadline (then the first back-off)
    expect(connection.state === 'connecting' || connection.state === 'retrying').toBe(true);

    await waitFor(() => connection.state === 'connecting', 3000, 5);
    const abandoned = api.abandoned;
    const began = Date.now();
    await connection.stop();
    expect(Date.now() - began).toBeLessThan(200);
    await waitFor(() => api.abandoned > abandoned, 1000, 5);
  });

  it('backs off on 409 (another process polls this bot) and polls again once the conflict is gone', async () => {
    api.fail('getUpdates', { kind: 'error', code: 409, description: 'Conflict: terminated by other getUpdates request' });
    const { connection } = started();
    await waitFor(() => api.callsOf('getUpdates').length >= 3, 5000, 10);
    expect(api.callsOf('getMe').length).toBeGreaterThanOrEqual(3);
    const [a, b] = gaps(api.callsOf('getUpdates'));
    expect(b).toBeGreaterThan(a);
    api.heal();
    await new Promise((r) => setTimeout(r, FAST.retryMaxMs! + 200)); // the pending back-off
    await waitFor(() => connection.state === 'polling', 5000, 10);
    const connects = api.callsOf('getMe').length;
    for (let i = 0; i < 2; i++) {
      const update = api.sendText({ id: 111 }, `/stats ${i}`);
      await api.waitForCall('getUpdates', (c) => c.params['offset'] > update.update_id);
    }
    expect(api.callsOf('getMe')).toHaveLength(connects);
    expect(connection.consecutiveFailures).toBeGreaterThan(0); // reset only after a stable minute
  });

  it('start() and stop() are idempotent and can be repeated (a leader lock drives them)', async () => {
    const { connection } = started();
    connection.start();
    await waitFor(() => connection.state === 'polling', 3000, 10);
    await api.waitForCall('getUpdates');
    expect(api.callsOf('getMe')).toHaveLength(1);

    await Promise.all([connection.stop(), connection.stop()]);
    expect(connection.state).toBe('stopped');
    const calls = api.calls.length;
    await new Promise((r) => setTimeout(r, 300));
    // after the stop at most the final getUpdates that confirms the offset goes out
    expect(api.calls.slice(calls).filter((c) => c.method !== 'getUpdates' || c.params['timeout'] !== 0)).toEqual([]);

    connection.start();
    await waitFor(() => connection.state === 'polling', 3000, 10);
    expect(api.callsOf('getMe')).toHaveLength(2);
  });

  it('stop() during launch: polling never starts after a stop', async () => {
    const { connection } = started();
    await api.waitForCall('deleteWebhook');
    await connection.stop();
    const calls = api.calls.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(api.calls.slice(calls).filter((c) => c.method === 'getUpdates' && c.params['timeout'] !== 0)).toEqual([]);
  });

  it('in webhook mode registers the webhook and stops without "Bot is not running!"', async () => {
    const { bot, connection } = started(api.token, FAST, 'https://pixels.example.com/api/telegram/webhook');
    await waitFor(() => connection.state === 'webhook', 3000, 10);
    expect(api.callsOf('setWebhook')[0].params).toMatchObject({
      url: 'https://pixels.example.com/api/telegram/webhook',
      allowed_updates: ['message', 'callback_query'],
    });
    await connection.stop();
    // what nestjs-telegraf's onApplicationShutdown does, whatever the state
    expect(() => bot.stop()).not.toThrow();
  });
});
