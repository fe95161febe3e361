import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramBotClient } from '../../src/app/telegram/telegram-bot.client';
import { freePort } from '../support/server-process';
import { startTestApp, TestApp } from '../support/test-app';
import { FakeBotApi } from './fake-bot-api';

const ADMIN = { id: 111, username: 'alice_admin' };
const WEBHOOK_URL = 'https://pixels.example.com/api/telegram/webhook';

function postUpdate(t: TestApp, update: unknown, secret: string | null): Promise<Response> {
  return fetch(`${t.url}/api/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: JSON.stringify(update),
  });
}

describe('Telegram bot in webhook mode', () => {
  let api: FakeBotApi;
  let t: TestApp;
  let secret: string;

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    t = await startTestApp({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.url, TELEGRAM_ADMIN_IDS: String(ADMIN.id), TELEGRAM_WEBHOOK_URL: WEBHOOK_URL });
    secret = t.app.get(TelegramBotClient).webhookSecret!;
    await api.waitForCall('setWebhook');
  });
  afterAll(async () => {
    await t?.close();
    await api?.stop();
  });

  it('registers the webhook with a secret token and does not poll', () => {
    const [hook] = api.callsOf('setWebhook');
    expect(hook.params).toMatchObject({ url: WEBHOOK_URL, secret_token: secret, allowed_updates: ['message', 'callback_query'] });
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
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

  it('answers 400 to a body that is not an update', async () => {
    const res = await postUpdate(t, { hello: 'world' }, secret);
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('BAD_REQUEST');
  });
});

describe('Telegram bot availability', () => {
  it('is off without TELEGRAM_BOT_TOKEN: the server runs and the webhook route is 404', async () => {
    const t = await startTestApp();
    try {
      expect(t.app.get(TelegramBotClient).enabled).toBe(false);
      const res = await postUpdate(t, { update_id: 1 }, 'x');
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe('NOT_FOUND');
    } finally {
      await t.close();
    }
  });

  it('starts normally and keeps taking feedback while Telegram is unreachable', async () => {
    const deadPort = await freePort();
    const t = await startTestApp({ TELEGRAM_BOT_TOKEN: '123:unreachable', TELEGRAM_API_ROOT: `http://127.0.0.1:${deadPort}`, TELEGRAM_ADMIN_IDS: '111' });
    try {
      expect((await fetch(`${t.url}/api/health`)).status).toBe(200);
      expect(t.app.get(TelegramBotClient).isConnected).toBe(false);
      const res = await fetch(`${t.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'still works' }) });
      expect(res.status).toBe(201);
    } finally {
      await t.close();
    }
  });

  it('keeps running when Telegram rejects the token (401)', async () => {
    const api = await new FakeBotApi().start();
    const t = await startTestApp({ TELEGRAM_BOT_TOKEN: '42:wrong-token', TELEGRAM_API_ROOT: api.url, TELEGRAM_ADMIN_IDS: '111' });
    try {
      expect((await fetch(`${t.url}/api/health`)).status).toBe(200);
      expect(t.app.get(TelegramBotClient).isConnected).toBe(false);
    } finally {
      await t.close();
      await api.stop();
    }
  });
});
