import { ModulesContainer } from '@nestjs/core';
import { getBotToken } from 'nestjs-telegraf';
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TelegramConnection } from '../../src/app/telegram/telegram-connection';
import { TelegramSettings } from '../../src/app/telegram/telegram-settings';
import { WEBHOOK_LIMIT_PER_MIN } from '../../src/app/telegram/telegram-webhook.gate';
import { waitFor } from '../support/players';
import { freePort } from '../support/server-process';
import { startTestApp, TestApp } from '../support/test-app';
import { Failure, FakeBotApi } from './fake-bot-api';

const ADMIN = { id: 111, username: 'alice_admin' };
const WEBHOOK_URL = 'https://pixels.example.com/api/telegram/webhook';

function postUpdate(t: TestApp, update: unknown, secret: string | null): Promise<Response> {
  return fetch(`${t.url}/api/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify(update),
  });
}

/**
 * Sends the headers and the first bytes of a body that never ends, and resolves with the
 * status as soon as the server answers: only a server that decides before reading the body
 * answers at all.
 */
function postEndlessBody(t: TestApp, secret: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${t.url}/api/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(10_000_000), 'x-telegram-bot-api-secret-token': secret },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer while the body was still being sent'));
    }, 3000);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', (error) => {
      if (!(error as NodeJS.ErrnoException).code?.startsWith('EPIPE') && (error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    req.write('{"update_id": 1, "message": {"text": "');
  });
}

/** Node 20 exits on an unhandled rejection: every test here also checks none happened. */
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));
afterEach(() => {
  expect(unhandled).toEqual([]);
});

async function closesCleanly(t: TestApp, withinMs = 3000): Promise<void> {
  const began = Date.now();
  await t.close();
  expect(Date.now() - began).toBeLessThan(withinMs);
}

describe('Telegram bot in webhook mode', () => {
  let api: FakeBotApi;
  let t: TestApp;
  let secret: string;

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    t = await startTestApp({
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_ADMIN_IDS: String(ADMIN.id),
      TELEGRAM_WEBHOOK_URL: WEBHOOK_URL,
    });
    secret = t.app.get(TelegramSettings).webhookSecret;
    await api.waitForCall('setWebhook');
  });
  afterAll(async () => {
    await t?.close();
    await api?.stop();
  });

  it('registers the webhook with a secret token and does not poll', async () => {
    const [hook] = api.callsOf('setWebhook');
    expect(hook.params).toMatchObject({ url: WEBHOOK_URL, secret_token: secret, allowed_updates: ['message', 'callback_query'] });
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await waitFor(() => t.app.get(TelegramConnection).state === 'webhook');
    expect(api.callsOf('getUpdates')).toHaveLength(0);
  });

  it('handles an update posted with the secret and refuses one without it', async () => {
    const update = api.sendText(ADMIN, '/stats');
    expect((await postUpdate(t, update, null)).status).toBe(401);
    expect((await postUpdate(t, update, 'wrong')).status).toBe(401);
    expect(api.callsOf('sendMessage')).toHaveLength(0);

    const res = await postUpdate(t, update, secret);
    expect(res.status).toBe(200);
    const reply = await api.waitForCall('sendMessage', (c) => c.params['chat_id'] === ADMIN.id);
    expect(reply.params['text']).toContain('Version:');
  });

  it('checks the secret before reading the body: a wrong secret is refused while the body is still arriving', async () => {
    const refused = await postEndlessBody(t, 'wrong');
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).code).toBe('UNAUTHORIZED');
    const unparsable = await fetch(`${t.url}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(unparsable.status).toBe(401);
  });

  it('answers 400 to a body that is not an update', async () => {
    const res = await postUpdate(t, { hello: 'world' }, secret);
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('BAD_REQUEST');
  });

  // last in this block: it uses up the webhook allowance of 127.0.0.1
  it(`is rate-limited per client address (${WEBHOOK_LIMIT_PER_MIN}/min), before the secret and the body`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < WEBHOOK_LIMIT_PER_MIN + 5; i++) statuses.push((await postUpdate(t, { update_id: 1 }, 'guess')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(statuses.slice(0, WEBHOOK_LIMIT_PER_MIN - 10).every((s) => s === 401 || s === 400)).toBe(true);
    const limited = await postUpdate(t, { update_id: 1 }, secret);
    expect(limited.status).toBe(429);
    expect((await limited.json()).code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('Telegram bot off (no TELEGRAM_BOT_TOKEN)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates no bot and no connection; the webhook is 404 without reading the body', async () => {
    const provided = (token: unknown) => [...t.app.get(ModulesContainer).values()].some((m) => m.providers.has(token as string));
    expect(provided(getBotToken())).toBe(false);
    expect(provided(TelegramConnection)).toBe(false);
    expect(provided(TelegramSettings)).toBe(false);
    const res = await postUpdate(t, { update_id: 1 }, 'x');
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('NOT_FOUND');
    expect((await postEndlessBody(t, 'x')).status).toBe(404);
  });
});

describe('Telegram bot when the Bot API fails: the server runs on, retries with back-off, shuts down cleanly', () => {
  let api: FakeBotApi;

  beforeAll(async () => {
    api = await new FakeBotApi().start();
  });
  afterEach(() => {
    api.heal();
    api.clear();
  });
  afterAll(async () => {
    await api?.stop();
  });

  const env = (overrides: Record<string, string> = {}) => ({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_ADMIN_IDS: String(ADMIN.id),
    ...overrides,
  });

  async function serves(t: TestApp): Promise<void> {
    expect((await fetch(`${t.url}/api/health`)).status).toBe(200);
    const res = await fetch(`${t.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'still works' }),
    });
    expect(res.status).toBe(201);
  }

  it('Telegram down (connection refused)', async () => {
    const deadPort = await freePort();
    const t = await startTestApp(env({ TELEGRAM_API_ROOT: `http://127.0.0.1:${deadPort}` }));
    await waitFor(() => t.app.get(TelegramConnection).state === 'retrying', 3000);
    await serves(t);
    await closesCleanly(t);
  });

  it('Telegram rejects the token (401)', async () => {
    const t = await startTestApp(env({ TELEGRAM_BOT_TOKEN: '42:wrong-token' }));
    await waitFor(() => t.app.get(TelegramConnection).state === 'retrying', 3000);
    await serves(t);
    // 2 s back-off: the second attempt follows, the third waits twice as long
    await waitFor(() => api.callsOf('getMe').length >= 2, 4000);
    expect(api.callsOf('getMe')).toHaveLength(2);
    await closesCleanly(t);
  });

  it('another process polls the same bot (409)', async () => {
    api.fail('getUpdates', { kind: 'error', code: 409, description: 'Conflict: terminated by other getUpdates request' });
    const t = await startTestApp(env());
    await waitFor(() => t.app.get(TelegramConnection).consecutiveFailures >= 1, 3000);
    await serves(t);
    await closesCleanly(t);
  });

  it.each<[string, Failure]>([
    ['hangs on getMe', { kind: 'hang' }],
    ['answers 500', { kind: 'http-500' }],
  ])('Telegram %s: stop aborts the pending call', async (_label, failure) => {
    api.fail('getMe', failure);
    const t = await startTestApp(env());
    await api.waitForCall('getMe');
    await serves(t);
    await closesCleanly(t);
    if (failure.kind === 'hang') await waitFor(() => api.abandoned >= 1, 1000);
  });

  it('polling: shutdown ends the long poll at once and polls no more', async () => {
    const t = await startTestApp(env());
    await waitFor(() => t.app.get(TelegramConnection).state === 'polling', 3000);
    await api.waitForCall('getUpdates');
    await closesCleanly(t, 2000);
    const calls = api.calls.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(api.calls.slice(calls).filter((c) => c.method === 'getUpdates' && c.params['timeout'] !== 0)).toEqual([]);
  });

  it('webhook: shutdown does not trip over nestjs-telegraf stopping a bot that never polled', async () => {
    const t = await startTestApp(env({ TELEGRAM_WEBHOOK_URL: WEBHOOK_URL }));
    await waitFor(() => t.app.get(TelegramConnection).state === 'webhook', 3000);
    await closesCleanly(t);
  });
});
